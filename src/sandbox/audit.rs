//! (ours) The customer audit trail, the vendor's "Get the Customer Audit detail", whose path and shape the
//! vendor does not document: every handler that changes a customer's records writes one event here, in the
//! transaction of the change, and `GET T/customers/{id}/audit-events` reads them, newest first.
//!
//! The sentences a support agent reads are all made by `Event`'s constructors below, so what a description may
//! hold is seen in one place; `record` still hides long numbers in the free text they carry (reasons, file
//! names, transfer descriptions), so an identity number or PAN typed there never reaches the trail.
use super::{extract::instant_param, prelude::*, wallets::WalletRow};
use crate::eclipse::{
    currencies::decimals,
    models::{
        Address, AuditCategory, AuditEvent, Card, CardStatus, Customer, CustomerStatus, Document,
        DocumentType, KycLevel, KycResult, VerifiedStatus, WalletStatus, Withdrawal,
    },
    positions::allows,
};
use sqlx::SqliteConnection;
use strum::VariantArray;

/// An amount as Eclipse's descriptions write it: the code, then the number with the currency's decimals
/// (`ZAR 25.50`). The portal's own pages show amounts in the tenant's locale instead.
fn money(amount: f64, currency: &str) -> String {
    let places = decimals(currency).unwrap_or(2) as usize;
    format!("{currency} {amount:.places$}")
}

/// One change to a customer's records, ready to be written by `record`.
pub struct Event {
    customer_id: i64,
    wallet_id: Option<i64>,
    category: AuditCategory,
    action: &'static str,
    description: String,
}

/// Writes `event`, made by `caller`, on the connection of the change it describes: in its transaction, the
/// event is kept exactly when the change is.
pub async fn record(conn: &mut SqliteConnection, caller: &Caller, event: Event) -> ApiResult<()> {
    let (passport,): (Option<String>,) =
        sqlx::query_as("SELECT passport_number FROM customers WHERE customer_id = ?")
            .bind(event.customer_id)
            .fetch_one(&mut *conn)
            .await?;
    sqlx::query(
        "INSERT INTO audit_events (tenant_id, customer_id, wallet_id, category, action, description, actor, created) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(caller.tenant_id())
    .bind(event.customer_id)
    .bind(event.wallet_id)
    .bind(event.category.as_str())
    .bind(event.action)
    .bind(without_numbers(&event.description, passport.as_deref()))
    .bind(caller.identity())
    .bind(timestamps::now())
    .execute(conn)
    .await?;
    Ok(())
}

/// What stands for a number kept out of a description.
const HIDDEN: &str = "[number hidden]";

/// `text` with every run of twelve or more digits (an identity number, a PAN, spaced or dashed as people type
/// them) and the customer's passport number hidden.
fn without_numbers(text: &str, passport: Option<&str>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < chars.len() {
        if !chars[at].is_ascii_digit() {
            out.push(chars[at]);
            at += 1;
            continue;
        }
        // A number: digits, with one space or dash at most between two of them.
        let (mut end, mut digits) = (at, 0);
        while chars.get(end).is_some_and(char::is_ascii_digit) {
            digits += 1;
            end += 1;
            let gap = matches!(chars.get(end), Some(' ' | '-'));
            if gap && chars.get(end + 1).is_some_and(char::is_ascii_digit) {
                end += 1;
            }
        }
        if digits >= 12 {
            out.push_str(HIDDEN);
        } else {
            out.extend(&chars[at..end]);
        }
        at = end;
    }
    match passport.map(str::trim).filter(|p| !p.is_empty()) {
        Some(passport) => replace_ignoring_case(&out, passport, HIDDEN),
        None => out,
    }
}

fn replace_ignoring_case(text: &str, what: &str, with: &str) -> String {
    let (lower, what) = (text.to_ascii_lowercase(), what.to_ascii_lowercase());
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    while let Some(found) = lower[from..].find(&what) {
        out.push_str(&text[from..from + found]);
        out.push_str(with);
        from += found + what.len();
    }
    out.push_str(&text[from..]);
    out
}

/// `text`, then the reason given for the change when there is one.
fn with_reason(text: String, reason: Option<&str>) -> String {
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reason) => format!("{text} ({reason})"),
        None => text,
    }
}

/// How staff name a card to each other: the last four digits of its number.
fn last_four(masked_pan: &str) -> &str {
    &masked_pan[masked_pan.len().saturating_sub(4)..]
}

impl Event {
    fn of(customer_id: i64, category: AuditCategory, action: &'static str, text: String) -> Event {
        Event { customer_id, wallet_id: None, category, action, description: text }
    }

    fn of_wallet(
        wallet: &WalletRow,
        category: AuditCategory,
        action: &'static str,
        text: String,
    ) -> Event {
        Event {
            wallet_id: Some(wallet.wallet_id),
            ..Event::of(wallet.customer_id, category, action, text)
        }
    }

    fn of_card(card: &Card, action: &'static str, text: String) -> Event {
        Event {
            wallet_id: Some(card.wallet_id),
            ..Event::of(card.customer_id, AuditCategory::Card, action, text)
        }
    }

    pub fn customer_created(customer_id: i64) -> Event {
        Event::of(
            customer_id,
            AuditCategory::Profile,
            "CUSTOMER_CREATED",
            "Customer created".into(),
        )
    }

    /// `fields`: the names of the profile fields whose values changed, never the values.
    pub fn profile_changed(customer_id: i64, fields: &[&str]) -> Event {
        let text = format!("Profile changed: {}", fields.join(", "));
        Event::of(customer_id, AuditCategory::Profile, "CUSTOMER_UPDATED", text)
    }

    pub fn customer_deleted(customer_id: i64) -> Event {
        Event::of(
            customer_id,
            AuditCategory::Profile,
            "CUSTOMER_DELETED",
            "Customer deleted".into(),
        )
    }

    /// A customer set to `BARRED` or back (the only status changes a `PUT` makes).
    pub fn customer_status(customer: &Customer, to: CustomerStatus, reason: Option<&str>) -> Event {
        let action =
            if to == CustomerStatus::Barred { "CUSTOMER_BARRED" } else { "CUSTOMER_UNBARRED" };
        let text = format!("Customer status {} → {}", customer.status, to);
        Event::of(customer.customer_id, AuditCategory::Barring, action, with_reason(text, reason))
    }

    pub fn address_added(address: &Address) -> Event {
        Event::address(address, "ADDRESS_ADDED", "added")
    }

    pub fn address_changed(address: &Address) -> Event {
        Event::address(address, "ADDRESS_CHANGED", "changed")
    }

    pub fn address_removed(address: &Address) -> Event {
        Event::address(address, "ADDRESS_REMOVED", "removed")
    }

    fn address(address: &Address, action: &'static str, done: &str) -> Event {
        let kind = address.address_type.as_deref().unwrap_or("RESIDENTIAL");
        let text = match address.city.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(city) => format!("Address {kind} {done} ({city})"),
            None => format!("Address {kind} {done}"),
        };
        Event::of(address.customer_id, AuditCategory::Profile, action, text)
    }

    pub fn identity_added(customer_id: i64, identity: &str) -> Event {
        let text = format!("Sign-in identity {identity} added");
        Event::of(customer_id, AuditCategory::Profile, "IDENTITY_ADDED", text)
    }

    pub fn document_uploaded(document: &Document) -> Event {
        let text = format!("Document {} uploaded ({})", document.document_type, document.file_name);
        Event::of(document.customer_id, AuditCategory::Document, "DOCUMENT_UPLOADED", text)
    }

    /// A document's file replaced, its type with it (`to`, `file_name`: what the change sent).
    pub fn document_changed(before: &Document, to: DocumentType, file_name: &str) -> Event {
        let text = if before.document_type == to {
            format!("Document {to} replaced ({file_name})")
        } else {
            format!("Document {} replaced as {to} ({file_name})", before.document_type)
        };
        Event::of(before.customer_id, AuditCategory::Document, "DOCUMENT_CHANGED", text)
    }

    pub fn document_deleted(document: &Document) -> Event {
        let text = format!("Document {} deleted ({})", document.document_type, document.file_name);
        Event::of(document.customer_id, AuditCategory::Document, "DOCUMENT_DELETED", text)
    }

    /// A ratify run: its status and failed checks, and the level it raised the customer to, when it did.
    pub fn ratified(customer_id: i64, result: &KycResult, raised_to: Option<KycLevel>) -> Event {
        let failed: Vec<&str> = result
            .checks
            .iter()
            .filter(|(_, c)| !c.passed)
            .map(|(name, _)| name.as_str())
            .collect();
        let mut text = format!("KYC check {}", result.status);
        if !failed.is_empty() {
            text.push_str(&format!(": {} failed", failed.join(", ")));
        }
        if let Some(level) = raised_to {
            text.push_str(&format!("; KYC level now {level}"));
        }
        Event::of(customer_id, AuditCategory::Kyc, "RATIFY_RUN", text)
    }

    /// A reviewer's decision on ratify result `result_id` (with the reason of a rejection), and the level it set.
    pub fn ratify_decided(
        customer_id: i64,
        result_id: i64,
        decision: VerifiedStatus,
        reason: Option<&str>,
        level: KycLevel,
    ) -> Event {
        let (action, done) = match decision {
            VerifiedStatus::Rejected => ("RATIFY_REJECTED", "rejected"),
            _ => ("RATIFY_VERIFIED", "verified"),
        };
        let text = with_reason(format!("KYC result {result_id} {done}"), reason);
        Event::of(customer_id, AuditCategory::Kyc, action, format!("{text}; KYC level now {level}"))
    }

    /// (ours) A level set by hand, on a document on file, with its reason.
    pub fn manual_kyc(customer_id: i64, level: KycLevel, document_id: i64, reason: &str) -> Event {
        let text = format!("KYC level set by hand to {level} on document {document_id}: {reason}");
        Event::of(customer_id, AuditCategory::Kyc, "MANUAL_KYC", text)
    }

    pub fn wallet_created(wallet: &WalletRow, type_name: &str) -> Event {
        let text = format!("Wallet {} created ({type_name}, {})", wallet.wallet_id, wallet.status);
        Event::of_wallet(wallet, AuditCategory::Wallet, "WALLET_CREATED", text)
    }

    /// A change of status; to or from `BARRED` it is barring.
    pub fn wallet_status(wallet: &WalletRow, to: WalletStatus, reason: Option<&str>) -> Event {
        let from = wallet.status();
        let (category, action) = match (from, to) {
            (_, WalletStatus::Barred) => (AuditCategory::Barring, "WALLET_BARRED"),
            (WalletStatus::Barred, _) => (AuditCategory::Barring, "WALLET_UNBARRED"),
            _ => (AuditCategory::Wallet, "WALLET_STATUS_CHANGED"),
        };
        let text = format!("Wallet {} status {from} → {to}", wallet.wallet_id);
        Event::of_wallet(wallet, category, action, with_reason(text, reason))
    }

    /// `fields`: the names of the wallet's details that changed (name, description).
    pub fn wallet_details(wallet: &WalletRow, fields: &[&str]) -> Event {
        let text = format!("Wallet {} {} changed", wallet.wallet_id, fields.join(" and "));
        Event::of_wallet(wallet, AuditCategory::Wallet, "WALLET_UPDATED", text)
    }

    pub fn wallet_deleted(wallet: &WalletRow) -> Event {
        let text = format!("Wallet {} deleted", wallet.wallet_id);
        Event::of_wallet(wallet, AuditCategory::Wallet, "WALLET_DELETED", text)
    }

    pub fn card_issued(
        wallet: &WalletRow,
        card_type: &str,
        operation: &str,
        masked_pan: &str,
    ) -> Event {
        let kind = if card_type == "physical" { "Physical" } else { "Virtual" };
        let text = format!(
            "{kind} card ending {} issued to wallet {} ({operation})",
            last_four(masked_pan),
            wallet.wallet_id
        );
        Event::of_wallet(wallet, AuditCategory::Card, "CARD_ISSUED", text)
    }

    pub fn card_status(card: &Card, to: CardStatus, reason: Option<&str>) -> Event {
        let text =
            format!("Card ending {} status {} → {to}", last_four(&card.masked_pan), card.status);
        Event::of_card(card, "CARD_STATUS_CHANGED", with_reason(text, reason))
    }

    /// A new PIN set and sent (`channel`, to the masked `sent_to`); the PIN itself appears nowhere.
    pub fn card_pin_reset(card: &Card, channel: &str, sent_to: &str) -> Event {
        let last_four = last_four(&card.masked_pan);
        let text =
            format!("New PIN set for card ending {last_four} and sent by {channel} to {sent_to}");
        Event::of_card(card, "CARD_PIN_RESET", text)
    }

    /// A transfer, told to the customer of each side: sent from `from`, received into `to`.
    pub fn transfer(from: &WalletRow, to: &WalletRow, cents: i64, description: &str) -> [Event; 2] {
        let amount = money(super::wallets::to_money(cents), &from.currency);
        let sent = format!(
            "Sent {amount} from wallet {} to wallet {}: {description}",
            from.wallet_id, to.wallet_id
        );
        let received = format!(
            "Received {amount} into wallet {} from wallet {}: {description}",
            to.wallet_id, from.wallet_id
        );
        [
            Event::of_wallet(from, AuditCategory::Transfer, "TRANSFER_SENT", sent),
            Event::of_wallet(to, AuditCategory::Transfer, "TRANSFER_RECEIVED", received),
        ]
    }

    pub fn withdrawal_created(
        wallet: &WalletRow,
        withdrawal_id: i64,
        kind: &str,
        cents: i64,
    ) -> Event {
        let amount = money(super::wallets::to_money(cents), &wallet.currency);
        let text = format!(
            "Withdrawal {withdrawal_id} of {amount} by {kind} from wallet {} requested (PENDING)",
            wallet.wallet_id
        );
        Event::of_wallet(wallet, AuditCategory::Withdrawal, "WITHDRAWAL_CREATED", text)
    }

    /// `withdrawal` as it was before it was cancelled.
    pub fn withdrawal_cancelled(
        wallet: &WalletRow,
        withdrawal: &Withdrawal,
        reason: Option<&str>,
    ) -> Event {
        let amount = money(withdrawal.amount, &withdrawal.currency);
        let text = format!(
            "Withdrawal {} of {amount} {} → CANCELLED",
            withdrawal.withdrawal_id, withdrawal.status
        );
        Event::of_wallet(
            wallet,
            AuditCategory::Withdrawal,
            "WITHDRAWAL_CANCELLED",
            with_reason(text, reason),
        )
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    audit_event_id: i64,
    customer_id: i64,
    wallet_id: Option<i64>,
    category: String,
    action: String,
    description: String,
    actor: String,
    created: DateTime<Utc>,
}

const COLUMNS: &str =
    "audit_event_id, customer_id, wallet_id, category, action, description, actor, created";

impl From<Row> for AuditEvent {
    fn from(r: Row) -> AuditEvent {
        AuditEvent {
            audit_event_id: r.audit_event_id,
            customer_id: r.customer_id,
            wallet_id: r.wallet_id,
            category: AuditCategory::parse(&r.category).unwrap_or(AuditCategory::Profile),
            action: r.action,
            description: r.description,
            actor: r.actor,
            created: r.created,
        }
    }
}

/// The query of `GET T/customers/{id}/audit-events` but its `category`, which may repeat (`categories`).
#[derive(Deserialize)]
pub struct Filters {
    before: Option<String>,
    offset: Option<u32>,
    limit: Option<u32>,
}

/// The categories asked for: `category` repeated, or comma separated, or both; none is every category.
fn categories(query: &[(String, String)]) -> ApiResult<Vec<AuditCategory>> {
    let names =
        query.iter().filter(|(key, _)| key == "category").flat_map(|(_, value)| value.split(','));
    let mut wanted = vec![];
    for name in names.map(str::trim).filter(|n| !n.is_empty()) {
        let category = AuditCategory::parse(name).ok_or_else(|| {
            let known: Vec<&str> = AuditCategory::VARIANTS.iter().map(|c| c.as_str()).collect();
            ApiError::validation("category", &format!("must be one of {}", known.join(", ")))
        })?;
        wanted.push(category);
    }
    Ok(wanted)
}

/// (ours) What a caller may see of the trail: documents and KYC only with the right to read them, as their
/// own endpoints require.
fn visible(caller: &Caller, category: AuditCategory) -> bool {
    let kyc = matches!(category, AuditCategory::Document | AuditCategory::Kyc);
    !kyc || allows(&caller.positions, Capability::ReadKyc)
}

/// `GET T/customers/{id}/audit-events?category=&before=&offset=&limit=`: newest first.
pub async fn list(
    scope: Scoped<(i64, i64)>,
    Query(f): Query<Filters>,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    let (state, customer) = scope.require_record::<Customer>(Capability::ReadBasics).await?;
    let mut shown = categories(&query)?;
    if shown.is_empty() {
        shown = AuditCategory::VARIANTS.to_vec();
    }
    shown.retain(|c| visible(&scope.caller, *c));
    let before = instant_param("before", &f.before)?.map(timestamps::format);
    let window = Paging { offset: f.offset, limit: f.limit, sort: None }
        .fixed("ORDER BY created DESC, audit_event_id DESC")?;
    let filter = format!(
        "customer_id = ? AND (? IS NULL OR created < ?) AND category IN ({})",
        vec!["?"; shown.len()].join(", ")
    );
    let values =
        shown.iter().fold(Values::default().with(customer.customer_id).optional(before), |v, c| {
            v.with(c.as_str())
        });
    let (rows, total) =
        filtered::<Row>(&state.db, (COLUMNS, "audit_events"), &filter, values, &window).await?;
    Ok(page(rows.into_iter().map(AuditEvent::from).collect::<Vec<_>>(), total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_numbers_and_the_passport_stay_out_of_descriptions() {
        let text = "Customer status ACTIVE → BARRED (ID 9003155012086, card 5399 9912 3456 7890, P12345678)";
        assert_eq!(
            without_numbers(text, Some("p12345678")),
            "Customer status ACTIVE → BARRED (ID [number hidden], card [number hidden], [number hidden])"
        );
        let kept = "Sent ZAR 150.00 from wallet 12 to wallet 34: rent 2026-11, ref 27821234567";
        assert_eq!(without_numbers(kept, None), kept, "amounts, ids, dates and phones stay");
    }

    #[test]
    fn categories_repeat_or_are_comma_separated() {
        let query = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
        };
        let asked = categories(&query(&[
            ("category", "KYC,BARRING"),
            ("limit", "5"),
            ("category", "CARD"),
        ]));
        assert_eq!(
            asked.unwrap(),
            [AuditCategory::Kyc, AuditCategory::Barring, AuditCategory::Card]
        );
        assert_eq!(categories(&query(&[("category", "")])).unwrap(), []);
        assert!(categories(&query(&[("category", "kyc")])).is_err(), "names are case-sensitive");
    }
}
