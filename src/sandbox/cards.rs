//! Cards: issued to a wallet (virtual, or physical by QR code, pack id or — PCI tenants only — PAN, and only
//! with `cardManagementSystem=Postilion`), listed by wallet and customer, stopped, blocked and reactivated.
use super::{
    audit::{self, Event},
    customers,
    prelude::*,
    wallets::{self, WalletRow},
};
use crate::eclipse::{
    models::{
        mask_pan, mask_phone, Card, CardOperation, CardStatus, CardUpdate, Customer, NewCard,
        PinReset, Wallet,
    },
    positions::Position,
};
use sqlx::SqliteConnection;

/// The tenant settings card issuing depends on.
pub struct TenantCardRules {
    postilion: bool,
    pci_compliant: bool,
}

impl TenantCardRules {
    pub async fn load(state: &SandboxState, tenant_id: i64) -> ApiResult<TenantCardRules> {
        Ok(TenantCardRules {
            postilion: wallets::tenant_setting(state, tenant_id, "cardManagementSystem").await?
                == "Postilion",
            pci_compliant: wallets::tenant_setting(state, tenant_id, "pciCompliant").await?
                == "true",
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct Row {
    card_id: i64,
    wallet_id: i64,
    customer_id: i64,
    card_type: String,
    status: String,
    name: Option<String>,
    masked_pan: String,
    operation_type: String,
    external_unique_id: Option<String>,
    created: DateTime<Utc>,
}

impl From<Row> for Card {
    fn from(r: Row) -> Card {
        Card {
            card_id: r.card_id,
            wallet_id: r.wallet_id,
            customer_id: r.customer_id,
            card_type: r.card_type,
            status: CardStatus::parse(&r.status).unwrap_or(CardStatus::Active),
            name: r.name,
            masked_pan: r.masked_pan,
            operation_type: CardOperation::parse(&r.operation_type)
                .unwrap_or(CardOperation::PrimaryCard),
            external_unique_id: r.external_unique_id,
            created: r.created,
        }
    }
}

const COLUMNS: &str = "card_id, wallet_id, customer_id, card_type, status, name, masked_pan, operation_type, external_unique_id, created";

/// A virtual card's number: a test BIN and random digits with a valid Luhn digit; only its mask is kept.
fn virtual_pan() -> String {
    let body = format!("539999{:09}", rand::random::<u32>() % 1_000_000_000);
    let check = crate::validate::luhn_check_digit(&body).expect("digits only");
    format!("{body}{check}")
}

/// Issues a card to `wallet` in the caller's transaction, after the tenant's rules, and records it in the
/// customer's audit trail.
pub async fn issue(
    conn: &mut SqliteConnection,
    caller: &Caller,
    rules: &TenantCardRules,
    wallet: &WalletRow,
    card: &NewCard,
) -> ApiResult<i64> {
    let operation = card.operation_type.unwrap_or(CardOperation::PrimaryCard);
    let masked = match card.card_type.as_str() {
        "virtual" => mask_pan(&virtual_pan()),
        "physical" => {
            if !rules.postilion {
                return Err(ApiError::state(
                    "Physical cards need the tenant config cardManagementSystem=Postilion",
                ));
            }
            let id = card.physical_card_identifier.as_ref().ok_or_else(|| {
                ApiError::validation("physicalCardIdentifier", "is required for a physical card")
            })?;
            match (&id.pan, &id.qr_code, &id.pack_id) {
                (Some(pan), _, _) => {
                    if !rules.pci_compliant {
                        return Err(ApiError::forbidden_because("Only PCI-compliant tenants may identify a card by its PAN; use the QR code or pack id"));
                    }
                    let digits: String = pan.chars().filter(|c| !c.is_whitespace()).collect();
                    if !(13..=19).contains(&digits.len())
                        || !digits.chars().all(|c| c.is_ascii_digit())
                    {
                        return Err(ApiError::validation("pan", "must be 13 to 19 digits"));
                    }
                    mask_pan(&digits)
                }
                (None, Some(code), _) | (None, None, Some(code)) if !code.trim().is_empty() => {
                    // The physical card's number stays with the card management system; ours is a stand-in.
                    mask_pan(&virtual_pan())
                }
                _ => {
                    return Err(ApiError::validation(
                        "physicalCardIdentifier",
                        "needs a qrCode, packId or pan",
                    ))
                }
            }
        }
        other => {
            return Err(ApiError::validation(
                "cardType",
                &format!("{other:?} is not virtual or physical"),
            ))
        }
    };
    if operation == CardOperation::PrimaryCard {
        let (primaries,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM cards WHERE wallet_id = ? AND operation_type = 'PRIMARY_CARD' AND status <> 'BLOCKED'")
                .bind(wallet.wallet_id)
                .fetch_one(&mut *conn)
                .await?;
        if primaries > 0 {
            return Err(ApiError::state(
                "The wallet already has a primary card; add a SUPPLEMENTARY_CARD or ADD_ON_CARD",
            ));
        }
    }
    if let Some(id) = &card.external_unique_id {
        customers::check_external_id(id)?;
    }
    let write = sqlx::query(
        "INSERT INTO cards (tenant_id, wallet_id, customer_id, card_type, status, name, masked_pan, operation_type, \
         external_unique_id, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(wallet.tenant_id)
    .bind(wallet.wallet_id)
    .bind(wallet.customer_id)
    .bind(&card.card_type)
    .bind(card.status.unwrap_or(CardStatus::Active).as_str())
    .bind(card.name.as_deref().unwrap_or("Card"))
    .bind(&masked)
    .bind(operation.as_str())
    .bind(&card.external_unique_id)
    .bind(timestamps::now());
    let id = db::insert(write, &mut *conn, "externalUniqueId").await?;
    let event = Event::card_issued(wallet, &card.card_type, operation.as_str(), &masked);
    audit::record(conn, caller, event).await?;
    Ok(id)
}

impl db::TenantTable for Card {
    const EDIT: Capability = Capability::ChangeStatus;
    type Row = Row;
    const PLACE: (&'static str, &'static str, &'static str) = ("cards", "card_id", COLUMNS);
    const WHAT: &'static str = "card";
}

pub async fn create(
    scope: Scoped<(i64, i64)>,
    JsonBody(card): JsonBody<NewCard>,
) -> ApiResult<Response> {
    let (state, (tenant_id, wallet_id)) = scope.require(Capability::ChangeStatus)?;
    let rules = TenantCardRules::load(state, tenant_id).await?;
    // The write lock first: a transaction that reads, then writes, fails with SQLITE_BUSY (a 500) when another
    // request wrote meanwhile, as two links sent at once with the same externalUniqueId do.
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let wallet = wallets::load_row(&mut tx, tenant_id, wallet_id).await?;
    let id = issue(&mut tx, &scope.caller, &rules, &wallet, &card).await?;
    tx.commit().await?;
    db::created::<Card>(state, tenant_id, id).await
}

/// What cards are listed by: a wallet or a customer, named by a column of `cards`.
pub trait Holder: db::Record {
    const COLUMN: &'static str;
}

impl Holder for Wallet {
    const COLUMN: &'static str = "wallet_id";
}

impl Holder for Customer {
    const COLUMN: &'static str = "customer_id";
}

/// `GET T/wallets/{id}/cards` and `GET T/customers/{id}/cards`. The holder must exist; its connection goes
/// back to the pool before the list takes one (holding one while waiting for another deadlocks the pool).
pub async fn list_for<H: Holder>(
    scope: Scoped<(i64, i64)>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let (state, _) = scope.require_record::<H>(Capability::ReadBasics).await?;
    let (tenant_id, id) = scope.path;
    let rows = sqlx::query_as::<_, Row>(&format!(
        "SELECT {COLUMNS} FROM cards WHERE tenant_id = ? AND {} = ? ORDER BY card_id",
        H::COLUMN
    ))
    .bind(tenant_id)
    .bind(id)
    .fetch_all(&state.db)
    .await?;
    page_of(rows.into_iter().map(Card::from).collect(), &q, |c| c.external_unique_id.as_deref())
}

/// `ACTIVE` ↔ `STOPPED` freely; `BLOCKED` from either; only `TENANT_SYSTEM` takes a card out of `BLOCKED`.
impl db::Update for Card {
    type Body = CardUpdate;

    fn check(u: &CardUpdate) -> ApiResult<()> {
        customers::check_reason(u.reason.as_deref())
    }

    async fn apply(change: db::Change<'_, Card>, u: CardUpdate) -> ApiResult<()> {
        if change.current.status == CardStatus::Blocked
            && u.status != CardStatus::Blocked
            && !change.caller.positions.contains(&Position::TenantSystem)
        {
            return Err(ApiError::forbidden_because(
                "Only TENANT_SYSTEM may take a card out of BLOCKED",
            ));
        }
        sqlx::query("UPDATE cards SET status = ?, status_reason = ? WHERE card_id = ?")
            .bind(u.status.as_str())
            .bind(&u.reason)
            .bind(change.id)
            .execute(&mut *change.conn)
            .await?;
        if u.status != change.current.status {
            let event = Event::card_status(&change.current, u.status, u.reason.as_deref());
            audit::record(change.conn, change.caller, event).await?;
        }
        Ok(())
    }
}

/// How many times one card's PIN may be reset in 24 hours (ours): each reset sends a message to the customer.
const PIN_RESETS_PER_DAY: i64 = 3;

/// (ours) `POST T/cards/{id}/pin`, the vendor's "Set and send new card PIN to customer": a new PIN is set and
/// sent by SMS to the customer's phone, and kept nowhere else. Not for a `BLOCKED` card; three times a day.
pub async fn reset_pin(scope: Scoped<(i64, i64)>) -> ApiResult<Json<PinReset>> {
    let (state, (tenant_id, id)) = scope.require(Capability::ChangeStatus)?;
    let card: Card = db::load(state, tenant_id, id).await?;
    if card.status == CardStatus::Blocked {
        return Err(ApiError::state("The card is BLOCKED: its PIN cannot be reset"));
    }
    let customer = customers::load(state, tenant_id, card.customer_id).await?;
    let Some(phone) = customer.phone1.filter(|p| !p.trim().is_empty()) else {
        return Err(ApiError::validation(
            "phone1",
            "is needed to send the PIN, and the customer has none",
        ));
    };
    let now = state.clock.now();
    let since = timestamps::format(now - chrono::Duration::hours(24));
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let (recent,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM card_pin_resets WHERE card_id = ? AND at > ?")
            .bind(id)
            .bind(&since)
            .fetch_one(&mut *tx)
            .await?;
    if recent >= PIN_RESETS_PER_DAY {
        return Err(ApiError::state(format!(
            "The PIN of this card was reset {PIN_RESETS_PER_DAY} times in the last 24 hours: try again later"
        )));
    }
    // The new PIN would go to the SMS gateway here; the simulator sends it nowhere and keeps no copy.
    let sent_to = mask_phone(&phone);
    sqlx::query(
        "INSERT INTO card_pin_resets (card_id, sent_to, channel, at) VALUES (?, ?, 'SMS', ?)",
    )
    .bind(id)
    .bind(&sent_to)
    .bind(timestamps::format(now))
    .execute(&mut *tx)
    .await?;
    audit::record(&mut tx, &scope.caller, Event::card_pin_reset(&card, "SMS", &sent_to)).await?;
    tx.commit().await?;
    Ok(Json(PinReset { card_id: id, pin_set_at: now, sent_to, channel: "SMS".into() }))
}
