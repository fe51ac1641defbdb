//! One timeline per customer: Eclipse's audit trail of their records (profile, documents, KYC, wallets,
//! cards, transfers, withdrawals, barring) merged with the portal's own audit lines about them (manual KYC
//! requests and decisions, barring jobs), newest first, filtered by kind, paged by a cursor, and as CSV.
mod page;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use page::CustomerTimeline;

use crate::api::server_fns;
use crate::eclipse::{models::AuditCategory, timestamps};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Entries on one page of the timeline.
pub const PAGE_ENTRIES: usize = 25;
/// Entries in one CSV export at most; a capped export says so in its last line.
pub const CSV_MAX_ENTRIES: usize = 10_000;

/// Which record an entry comes from. The order breaks ties between entries of the same instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Source {
    Eclipse,
    Portal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub category: AuditCategory,
    pub source: Source,
    /// The record's own id in its source, for a stable order within an instant.
    pub seq: i64,
    pub action: String,
    pub description: String,
    pub actor: String,
    pub wallet_id: Option<i64>,
    /// The portal's lines: `ok`, or what went wrong, with Eclipse's trace id.
    pub result: Option<String>,
    pub trace_id: Option<String>,
}

impl TimelineEntry {
    /// Newest first; within an instant, Eclipse's before the portal's, then the higher id first.
    fn order(&self, other: &TimelineEntry) -> std::cmp::Ordering {
        (other.at, self.source, other.seq).cmp(&(self.at, other.source, self.seq))
    }
}

/// The kind of a portal audit line about a customer, by its action's name.
pub fn category_of_action(action: &str) -> AuditCategory {
    let starts = |p: &str| action.starts_with(p);
    if starts("kyc.") || starts("customer.ratify") || starts("review.") {
        AuditCategory::Kyc
    } else if starts("customer.bar") || starts("customer.unbar") {
        AuditCategory::Barring
    } else if starts("transfer.") || starts("disbursement.") {
        AuditCategory::Transfer
    } else if starts("card.") {
        AuditCategory::Card
    } else if starts("wallet.") {
        AuditCategory::Wallet
    } else if starts("document.") {
        AuditCategory::Document
    } else {
        AuditCategory::Profile
    }
}

/// Entries of one instant a cursor may skip: a source answers at most 1,000 at once.
const MAX_SEEN: usize = 400;

/// Where the next page starts: before `at`, less the `seen` entries of that instant already shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub at: DateTime<Utc>,
    pub seen: usize,
}

impl Cursor {
    /// `2026-12-07T10:00:00.000Z~2`, as the address carries it.
    pub fn to_param(self) -> String {
        format!("{}~{}", timestamps::format(self.at), self.seen)
    }

    /// A cursor this timeline gave: `seen` stays under what a source answers at once.
    pub fn parse(text: &str) -> Option<Cursor> {
        let (at, seen) = text.trim().split_once('~')?;
        let seen = seen.parse().ok().filter(|n| *n < MAX_SEEN)?;
        Some(Cursor { at: timestamps::parse(at)?, seen })
    }

    /// What each source is asked for: entries up to and including the cursor's instant (the sources'
    /// `before` is strict), and enough of them to skip those of that instant already shown.
    pub fn source_bound(cursor: Option<Cursor>, limit: usize) -> (Option<DateTime<Utc>>, usize) {
        match cursor {
            Some(c) => (Some(c.at + Duration::milliseconds(1)), limit + c.seen),
            None => (None, limit),
        }
    }
}

/// Merges what each source gave (each newest first, at most `asked` entries) into one page of `limit`
/// after `cursor`, and the cursor of the page after it when there may be one.
pub fn merge(
    sources: Vec<(Vec<TimelineEntry>, usize)>,
    cursor: Option<Cursor>,
    limit: usize,
) -> (Vec<TimelineEntry>, Option<Cursor>) {
    let maybe_more = sources.iter().any(|(entries, asked)| entries.len() >= *asked);
    let mut all: Vec<TimelineEntry> = sources.into_iter().flat_map(|(e, _)| e).collect();
    all.sort_by(TimelineEntry::order);
    let skip = match cursor {
        Some(c) => all.iter().take_while(|e| e.at == c.at).count().min(c.seen),
        None => 0,
    };
    let rest = all.len() - skip;
    let page: Vec<TimelineEntry> = all.into_iter().skip(skip).take(limit).collect();
    let next = (page.len() == limit && (rest > limit || maybe_more)).then(|| {
        let last = page.last().expect("a full page").at;
        let on_page = page.iter().filter(|e| e.at == last).count();
        let before = cursor.filter(|c| c.at == last).map_or(0, |c| c.seen);
        Cursor { at: last, seen: on_page + before }
    });
    (page, next)
}

/// The timeline's filters, as the address carries them: a kind (empty for all) and the cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineFilters {
    pub kind: String,
    pub before: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelinePage {
    pub entries: Vec<TimelineEntry>,
    /// The `before` of the next (older) page, when there is one.
    pub older: Option<String>,
}

/// The CSV of a customer's timeline, with the page's filter.
pub fn csv_href(customer_id: i64, kind: &str) -> String {
    let query = crate::ui::table::query_string(&[("kind", kind)]);
    format!("/customers/{customer_id}/timeline.csv{query}")
}

server_fns! {
    "customers/timeline" =>
        customer_timeline(customer_id: i64, filters: TimelineFilters) -> TimelinePage = ssr::page;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at_ms: i64, source: Source, seq: i64) -> TimelineEntry {
        TimelineEntry {
            at: DateTime::from_timestamp_millis(1_800_000_000_000 + at_ms).unwrap(),
            category: AuditCategory::Profile,
            source,
            seq,
            action: String::new(),
            description: format!("{source:?} {seq}"),
            actor: String::new(),
            wallet_id: None,
            result: None,
            trace_id: None,
        }
    }

    /// Pages through two sources as the server does, two entries at a time.
    fn walk(eclipse: &[TimelineEntry], portal: &[TimelineEntry]) -> Vec<String> {
        let ask = |all: &[TimelineEntry], cursor: Option<Cursor>| {
            let (before, limit) = Cursor::source_bound(cursor, 2);
            let mut fit: Vec<_> =
                all.iter().filter(|e| before.is_none_or(|b| e.at < b)).cloned().collect();
            fit.sort_by(TimelineEntry::order);
            (fit.into_iter().take(limit).collect::<Vec<_>>(), limit)
        };
        let (mut seen, mut cursor) = (vec![], None);
        loop {
            let (page, next) = merge(vec![ask(eclipse, cursor), ask(portal, cursor)], cursor, 2);
            seen.extend(page.into_iter().map(|e| e.description));
            match next {
                Some(next) => cursor = Some(next),
                None => return seen,
            }
        }
    }

    #[test]
    fn every_entry_shows_once_newest_first_even_when_an_instant_spans_pages() {
        use Source::*;
        // Three entries at one instant (a transfer between two wallets of one customer and its request).
        let eclipse = [
            entry(9, Eclipse, 1),
            entry(5, Eclipse, 2),
            entry(5, Eclipse, 3),
            entry(1, Eclipse, 4),
        ];
        let portal = [entry(7, Portal, 10), entry(5, Portal, 11), entry(0, Portal, 12)];
        assert_eq!(
            walk(&eclipse, &portal),
            [
                "Eclipse 1",
                "Portal 10",
                "Eclipse 3",
                "Eclipse 2",
                "Portal 11",
                "Eclipse 4",
                "Portal 12"
            ]
        );
        assert_eq!(walk(&[], &[]), Vec::<String>::new());
    }

    #[test]
    fn a_cursor_reads_back_what_it_wrote() {
        let c = Cursor { at: entry(3, Source::Portal, 1).at, seen: 2 };
        assert_eq!(Cursor::parse(&c.to_param()), Some(c));
        assert_eq!(Cursor::parse("yesterday"), None);
        assert_eq!(Cursor::parse(&Cursor { seen: 5000, ..c }.to_param()), None, "a made-up count");
    }

    #[test]
    fn portal_lines_have_the_kind_of_their_action() {
        assert_eq!(category_of_action("kyc.manual.approve"), AuditCategory::Kyc);
        assert_eq!(category_of_action("customer.bar.step"), AuditCategory::Barring);
        assert_eq!(category_of_action("transfer.request"), AuditCategory::Transfer);
    }
}
