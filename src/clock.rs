//! The time sessions and tokens go by: the wall clock, which only tests move forward (through
//! `Clock::advance`, or the embedded sandbox's loopback-only `PUT /__sandbox/clock`), so that a session's
//! idle end or a token's expiry is reached without waiting for it. The portal and its embedded sandbox
//! share one.

use chrono::{DateTime, TimeDelta, Utc};
use std::sync::{
    atomic::{AtomicI64, Ordering},
    Arc,
};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    ahead_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.ahead()
    }

    /// How far this clock runs ahead of the wall clock.
    pub fn ahead(&self) -> TimeDelta {
        TimeDelta::milliseconds(self.ahead_ms.load(Ordering::Relaxed))
    }

    /// Moves this clock (and every copy of it) forward; it never goes back.
    pub fn advance(&self, by: TimeDelta) {
        self.ahead_ms.fetch_add(by.num_milliseconds().max(0), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_move_together_and_never_back() {
        let clock = Clock::default();
        let copy = clock.clone();
        copy.advance(TimeDelta::seconds(90));
        copy.advance(TimeDelta::seconds(-30));
        assert_eq!(clock.ahead(), TimeDelta::seconds(90));
        assert!(clock.now() - Utc::now() > TimeDelta::seconds(89));
    }
}
