//! Cards on the server.
use crate::{auth::ssr::require, eclipse::{models::Card, positions::Capability}, error::AppError};

pub async fn of_customer(customer_id: i64) -> Result<Vec<Card>, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    authed.answer(authed.eclipse.customer_cards(customer_id).await).await
}
