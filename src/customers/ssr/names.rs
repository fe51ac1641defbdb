//! Customers' names, kept for a minute for the review queue. Eclipse has no batch read, so a queue page of
//! 20 results took 20 customer reads on every view; names rarely change, a change made through this portal
//! forgets the name at once (on this instance), and a customer's own page always reads afresh.
use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

const KEEP_FOR: Duration = Duration::from_secs(60);
/// Past this many names, expired ones are dropped, then all of them if none had expired.
const MAX_NAMES: usize = 20_000;

#[derive(Default)]
pub struct CustomerNames(Mutex<HashMap<(i64, i64), (String, Instant)>>);

impl CustomerNames {
    pub fn get(&self, tenant_id: i64, customer_id: i64) -> Option<String> {
        let names = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        names.get(&(tenant_id, customer_id)).filter(|(_, at)| at.elapsed() < KEEP_FOR).map(|(name, _)| name.clone())
    }

    pub fn put(&self, tenant_id: i64, customer_id: i64, name: String) {
        let mut names = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if names.len() >= MAX_NAMES {
            names.retain(|_, (_, at)| at.elapsed() < KEEP_FOR);
            if names.len() >= MAX_NAMES {
                names.clear();
            }
        }
        names.insert((tenant_id, customer_id), (name, Instant::now()));
    }

    pub fn forget(&self, tenant_id: i64, customer_id: i64) {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(&(tenant_id, customer_id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_kept_per_tenant_and_forgotten_on_change() {
        let names = CustomerNames::default();
        names.put(1, 5, "Thandi Dlamini".into());
        assert_eq!(names.get(1, 5).as_deref(), Some("Thandi Dlamini"));
        assert_eq!(names.get(2, 5), None, "another tenant's customer 5 is another customer");
        names.forget(1, 5);
        assert_eq!(names.get(1, 5), None);
    }

    #[test]
    fn an_expired_name_is_not_given() {
        let names = CustomerNames::default();
        names.0.lock().unwrap().insert((1, 5), ("Old Name".into(), Instant::now() - KEEP_FOR));
        assert_eq!(names.get(1, 5), None);
    }
}
