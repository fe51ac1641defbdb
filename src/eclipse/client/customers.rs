//! Customers and their KYC: profile, addresses, documents, identities, ratify, the review queue and the
//! audit trail.
use super::{page_of, parse, read_json, send, TenantClient, UPLOAD_OPTIONS};
use crate::eclipse::{errors::EclipseResult, models::*};
use reqwest::Method;

/// Typed endpoints; paths are the vendor's (and `docs/sandbox.md`'s), relative to `T = /tenants/{tenantId}`.
impl TenantClient {
    endpoints! {
        /// Search with the sandbox's parameter names (`docs/sandbox.md`) in `params.filters` (`lastName`,
        /// `phone1`, …).
        customers(params: &ListParams) -> Page<Customer> = get_page("/customers", params);
        customer(id: i64) -> Customer = get("/customers/{id}");
        /// Sent once: a retry after a timeout must look the customer up by `externalUniqueId` instead.
        create_customer(customer: &NewCustomer) -> Customer = post("/customers", customer);
        update_customer(id: i64, update: &CustomerUpdate) -> Customer =
            put("/customers/{id}", update);
        addresses(customer_id: i64) -> Vec<Address> = get("/customers/{customer_id}/addresses");
        create_address(customer_id: i64, address: &AddressWrite) -> Address =
            post("/customers/{customer_id}/addresses", address);
        update_address(address_id: i64, address: &AddressWrite) -> Address =
            put("/addresses/{address_id}", address);
        delete_address(address_id: i64) -> () = delete("/addresses/{address_id}");
        /// Metadata only (no content), oldest first.
        documents(customer_id: i64) -> Vec<Document> = get("/customers/{customer_id}/documents");
        /// With its base64 content.
        document(document_id: i64) -> Document = get("/documents/{document_id}");
        /// Uploaded with OCR and the type check (`performOcr=true&validateDocType=true`). Sent once.
        upload_document(customer_id: i64, document: &NewDocument) -> Document =
            upload("/customers/{customer_id}/documents", Method::POST, document);
        replace_document(document_id: i64, document: &NewDocument) -> Document =
            upload("/documents/{document_id}", Method::PUT, document);
        delete_document(document_id: i64) -> () = delete("/documents/{document_id}");
        identities(customer_id: i64) -> Vec<CustomerIdentity> =
            get("/customers/{customer_id}/identities");
        create_identity(customer_id: i64, identity: &NewIdentity) -> CustomerIdentity =
            post("/customers/{customer_id}/identities", identity);
        /// Newest first.
        ratify_results(customer_id: i64) -> Vec<RatifyResult> =
            get("/customers/{customer_id}/ratify");
        ratify(customer_id: i64) -> RatifyResult =
            post("/customers/{customer_id}/ratify", &serde_json::json!({}));
        /// (ours) Sets the customer's KYC level by hand: a `MANUAL` result, verified by the caller.
        manual_kyc(customer_id: i64, body: &ManualKyc) -> RatifyResult =
            post("/customers/{customer_id}/ratify/manual", body);
        /// The customer's audit trail, newest first (ours: the vendor names "Get the Customer Audit detail"
        /// but documents neither its path nor its shape).
        customer_audit_events(customer_id: i64, filter: &AuditFilter) -> Page<AuditEvent> =
            get_page("/customers/{customer_id}/audit-events", &filter.list_params());
    }

    /// A document with the upload options (`UPLOAD_OPTIONS`): sent once, never retried.
    async fn upload(
        &self,
        path: &str,
        method: Method,
        document: &NewDocument,
    ) -> EclipseResult<Document> {
        let req = self.request(method, path).query(UPLOAD_OPTIONS).json(document);
        read_json(send(req).await?).await
    }

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
