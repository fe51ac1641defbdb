//! Customers and their KYC: profile, addresses, documents, identities, ratify and the review queue.
use super::{page_of, parse, read_json, send, TenantClient, UPLOAD_OPTIONS};
use crate::eclipse::{errors::EclipseResult, models::*};
use reqwest::Method;

/// Typed endpoints; paths are the vendor's (and `docs/sandbox.md`'s), relative to `T = /tenants/{tenantId}`.
impl TenantClient {
    /// Search with the sandbox's parameter names (`docs/sandbox.md`) in `params.filters` (`lastName`, `phone1`, …).
    pub async fn customers(&self, params: &ListParams) -> EclipseResult<Page<Customer>> {
        self.get_page("/customers", params).await
    }

    pub async fn customer(&self, id: i64) -> EclipseResult<Customer> {
        self.get(&format!("/customers/{id}")).await
    }

    /// Sent once: a retry after a timeout must look the customer up by `externalUniqueId` instead.
    pub async fn create_customer(&self, customer: &NewCustomer) -> EclipseResult<Customer> {
        self.post("/customers", customer).await
    }

    pub async fn update_customer(
        &self,
        id: i64,
        update: &CustomerUpdate,
    ) -> EclipseResult<Customer> {
        self.put(&format!("/customers/{id}"), update).await
    }

    pub async fn addresses(&self, customer_id: i64) -> EclipseResult<Vec<Address>> {
        self.get(&format!("/customers/{customer_id}/addresses")).await
    }

    pub async fn create_address(
        &self,
        customer_id: i64,
        address: &AddressWrite,
    ) -> EclipseResult<Address> {
        self.post(&format!("/customers/{customer_id}/addresses"), address).await
    }

    pub async fn update_address(
        &self,
        address_id: i64,
        address: &AddressWrite,
    ) -> EclipseResult<Address> {
        self.put(&format!("/addresses/{address_id}"), address).await
    }

    pub async fn delete_address(&self, address_id: i64) -> EclipseResult<()> {
        self.delete(&format!("/addresses/{address_id}")).await
    }

    /// Metadata only (no content), oldest first.
    pub async fn documents(&self, customer_id: i64) -> EclipseResult<Vec<Document>> {
        self.get(&format!("/customers/{customer_id}/documents")).await
    }

    /// With its base64 content.
    pub async fn document(&self, document_id: i64) -> EclipseResult<Document> {
        self.get(&format!("/documents/{document_id}")).await
    }

    /// Uploaded with OCR and the type check (`performOcr=true&validateDocType=true`). Sent once.
    pub async fn upload_document(
        &self,
        customer_id: i64,
        document: &NewDocument,
    ) -> EclipseResult<Document> {
        let req = self
            .request(Method::POST, &format!("/customers/{customer_id}/documents"))
            .query(UPLOAD_OPTIONS)
            .json(document);
        read_json(send(req).await?).await
    }

    pub async fn replace_document(
        &self,
        document_id: i64,
        document: &NewDocument,
    ) -> EclipseResult<Document> {
        let req = self
            .request(Method::PUT, &format!("/documents/{document_id}"))
            .query(UPLOAD_OPTIONS)
            .json(document);
        read_json(send(req).await?).await
    }

    pub async fn delete_document(&self, document_id: i64) -> EclipseResult<()> {
        self.delete(&format!("/documents/{document_id}")).await
    }

    pub async fn identities(&self, customer_id: i64) -> EclipseResult<Vec<CustomerIdentity>> {
        self.get(&format!("/customers/{customer_id}/identities")).await
    }

    pub async fn create_identity(
        &self,
        customer_id: i64,
        identity: &NewIdentity,
    ) -> EclipseResult<CustomerIdentity> {
        self.post(&format!("/customers/{customer_id}/identities"), identity).await
    }

    /// Newest first.
    pub async fn ratify_results(&self, customer_id: i64) -> EclipseResult<Vec<RatifyResult>> {
        self.get(&format!("/customers/{customer_id}/ratify")).await
    }

    pub async fn ratify(&self, customer_id: i64) -> EclipseResult<RatifyResult> {
        self.post(&format!("/customers/{customer_id}/ratify"), &serde_json::json!({})).await
    }

    /// The wallet types whose KYC level the customer meets.
    /// The ratify results of this tenant awaiting manual verification (or as `params.filters` say), oldest first.
    pub async fn review_queue(&self, params: &ListParams) -> EclipseResult<Page<RatifyResult>> {
        let mut query = params.to_query();
        query.push(("tenantId".to_owned(), self.tenant_id.to_string()));
        let read = self
            .get_with_retries(|| self.global_request(Method::GET, "/ratify-results").query(&query))
            .await?;
        page_of(&read, params)
    }

    pub async fn ratify_result(&self, ratify_result_id: i64) -> EclipseResult<RatifyResult> {
        let path = format!("/ratify-results/{ratify_result_id}");
        parse(&self.get_with_retries(|| self.global_request(Method::GET, &path)).await?.body)
    }

    /// A reviewer's decision: sent once, never retried.
    pub async fn decide_ratify_result(
        &self,
        ratify_result_id: i64,
        decision: &RatifyDecision,
    ) -> EclipseResult<RatifyResult> {
        let req = self
            .global_request(Method::PUT, &format!("/ratify-results/{ratify_result_id}"))
            .json(decision);
        read_json(send(req).await?).await
    }
}
