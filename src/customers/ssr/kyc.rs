//! Ratify on the server.
use crate::{
    auth::ssr::require,
    eclipse::{models::RatifyResult, positions::Capability},
    error::AppError,
};

pub async fn results(customer_id: i64) -> Result<Vec<RatifyResult>, AppError> {
    let authed = require(Capability::ReadKyc).await?;
    authed.answer(authed.eclipse.ratify_results(customer_id).await).await
}

pub async fn ratify(customer_id: i64) -> Result<RatifyResult, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    let result = authed.eclipse.ratify(customer_id).await;
    authed.audit("customer.ratify", format!("customer {customer_id}"), &result).await;
    if result.is_ok() {
        authed.contributed_to_kyc(customer_id, "customer.ratify").await;
    }
    authed.answer(result).await
}
