//! `GET|PUT /__sandbox/clock`: tests move the shared clock (`crate::clock`) forward instead of waiting for
//! a token or a session to run out. Loopback only, as the fault switches.

use crate::clock::Clock;
use axum::{extract::State, Json};
use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClockMove {
    /// Milliseconds to move forward (a GET answers how far ahead of the wall clock it runs).
    pub ahead_ms: i64,
}

pub async fn get_clock(State(clock): State<Clock>) -> Json<ClockMove> {
    Json(ClockMove { ahead_ms: clock.ahead().num_milliseconds() })
}

pub async fn advance_clock(
    State(clock): State<Clock>,
    Json(by): Json<ClockMove>,
) -> Json<ClockMove> {
    clock.advance(TimeDelta::milliseconds(by.ahead_ms));
    get_clock(State(clock)).await
}
