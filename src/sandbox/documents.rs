//! Documents: base64 uploads checked by their bytes (`validateDocType`), OCR at upload (`performOcr`),
//! metadata in lists and the content only from `GET T/documents/{id}`.
use super::{
    audit::{self, Event},
    customers,
    prelude::*,
};
use crate::eclipse::models::{Customer, Document, DocumentType, NewDocument, OcrData};
use crate::filetype;
use base64::{engine::general_purpose::STANDARD, Engine};

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UploadOptions {
    #[serde(default)]
    perform_ocr: bool,
    #[serde(default)]
    validate_doc_type: bool,
}

#[derive(sqlx::FromRow)]
pub struct Row {
    document_id: i64,
    customer_id: i64,
    document_type: String,
    file_name: String,
    content_type: String,
    size: i64,
    ocr_data: Option<String>,
    external_unique_id: Option<String>,
    created: DateTime<Utc>,
}

impl From<Row> for Document {
    fn from(r: Row) -> Document {
        Document {
            document_id: r.document_id,
            customer_id: r.customer_id,
            document_type: DocumentType::parse(&r.document_type).unwrap_or(DocumentType::Auto),
            file_name: r.file_name,
            content_type: r.content_type,
            size: r.size,
            ocr_data: r.ocr_data.and_then(|o| serde_json::from_str(&o).ok()),
            external_unique_id: r.external_unique_id,
            created: r.created,
            content: None,
        }
    }
}

const COLUMNS: &str = "document_id, customer_id, document_type, file_name, content_type, size, ocr_data, external_unique_id, created";

/// Decodes and checks an upload; returns the bytes and what OCR read (when asked).
fn examine(
    doc: &NewDocument,
    options: &UploadOptions,
    customer: &Customer,
) -> ApiResult<(Vec<u8>, Option<OcrData>)> {
    if doc.file_name.trim().is_empty() || doc.file_name.len() > 200 {
        return Err(ApiError::validation("fileName", "must be 1 to 200 characters"));
    }
    // 10 MiB decoded is 13.4 MiB of base64: refuse bigger before decoding.
    if doc.content.len() > filetype::MAX_DOCUMENT_BYTES / 3 * 4 + 8 {
        return Err(ApiError::validation("content", "is over 10 MiB"));
    }
    let bytes = STANDARD
        .decode(doc.content.trim())
        .map_err(|_| ApiError::validation("content", "is not valid base64"))?;
    if bytes.len() > filetype::MAX_DOCUMENT_BYTES {
        return Err(ApiError::validation("content", "is over 10 MiB"));
    }
    if options.validate_doc_type {
        let kind =
            filetype::inspect(&bytes).map_err(|why| ApiError::validation("content", &why))?;
        if kind.content_type() != doc.content_type {
            return Err(ApiError::validation(
                "contentType",
                &format!("says {} but the file is {}", doc.content_type, kind.content_type()),
            ));
        }
        if doc.document_type.must_be_image() && !kind.is_image() {
            return Err(ApiError::validation(
                "documentType",
                &format!("{} must be a JPEG or PNG image, not a PDF", doc.document_type.as_str()),
            ));
        }
    }
    let ocr = (options.perform_ocr && doc.document_type.is_identity())
        .then(|| filetype::embedded_ocr(&bytes).unwrap_or_else(|| profile_ocr(customer)));
    Ok((bytes, ocr))
}

/// What OCR reads from an identity document that carries no text of its own: the customer's profile.
pub fn profile_ocr(customer: &Customer) -> OcrData {
    OcrData {
        first_name: Some(customer.first_name.clone()),
        last_name: Some(customer.last_name.clone()),
        national_identity_number: customer.national_identity_number.clone(),
        date_of_birth: customer.date_of_birth,
    }
}

impl db::TenantTable for Document {
    type Row = Row;
    const PLACE: (&'static str, &'static str, &'static str) = ("documents", "document_id", COLUMNS);
    const WHAT: &'static str = "document";
    const EDIT: Capability = Capability::EditCustomers;

    fn deleted(&self) -> Option<Event> {
        Some(Event::document_deleted(self))
    }
}

impl customers::OfCustomer for Document {
    const READ: Capability = Capability::ReadKyc;
    const ORDER: &'static str = "document_id";
    fn external_id(&self) -> Option<&str> {
        self.external_unique_id.as_deref()
    }
}

pub async fn create(
    scope: Scoped<(i64, i64)>,
    Query(options): Query<UploadOptions>,
    JsonBody(doc): JsonBody<NewDocument>,
) -> ApiResult<Response> {
    let (state, customer) = scope.require_record::<Customer>(Capability::EditCustomers).await?;
    if let Some(id) = &doc.external_unique_id {
        customers::check_external_id(id)?;
    }
    let (bytes, ocr) = examine(&doc, &options, &customer)?;
    let (tenant_id, customer_id) = (customer.tenant_id, customer.customer_id);
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let id =
        insert(&mut *tx, tenant_id, customer_id, &doc, &bytes, ocr.as_ref(), Utc::now()).await?;
    let document: Document = db::load_on(&mut *tx, tenant_id, id).await?;
    audit::record(&mut tx, &scope.caller, Event::document_uploaded(&document)).await?;
    tx.commit().await?;
    db::created::<Document>(state, tenant_id, id).await
}

/// Binds the type, name, content type, size, bytes and OCR data of a file: what insert and update both write.
fn bind_file<'q>(
    write: db::Statement<'q>,
    doc: &'q NewDocument,
    bytes: &'q [u8],
    ocr: Option<&OcrData>,
) -> db::Statement<'q> {
    write
        .bind(doc.document_type.as_str())
        .bind(doc.file_name.trim())
        .bind(&doc.content_type)
        .bind(bytes.len() as i64)
        .bind(bytes)
        .bind(ocr.map(|o| serde_json::to_string(o).expect("OCR data serialises")))
}

pub async fn insert(
    on: impl sqlx::SqliteExecutor<'_>,
    tenant_id: i64,
    customer_id: i64,
    doc: &NewDocument,
    bytes: &[u8],
    ocr: Option<&OcrData>,
    created: DateTime<Utc>,
) -> ApiResult<i64> {
    let write = sqlx::query(
        "INSERT INTO documents (tenant_id, customer_id, document_type, file_name, content_type, size, content, ocr_data, \
         external_unique_id, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(tenant_id)
    .bind(customer_id);
    let write = bind_file(write, doc, bytes, ocr)
        .bind(&doc.external_unique_id)
        .bind(timestamps::format(created));
    db::insert(write, on, "externalUniqueId").await
}

/// The document with its content (base64).
pub async fn get_one(scope: Scoped<(i64, i64)>) -> ApiResult<Json<Document>> {
    let (state, (tenant_id, id)) = scope.require(Capability::ReadKyc)?;
    let mut doc: Document = db::load(state, tenant_id, id).await?;
    let (content,): (Vec<u8>,) =
        sqlx::query_as("SELECT content FROM documents WHERE document_id = ?")
            .bind(id)
            .fetch_one(&state.db)
            .await?;
    doc.content = Some(STANDARD.encode(content));
    Ok(Json(doc))
}

/// Replaces a document's file (and type); OCR and type checks as at upload.
pub async fn update(
    scope: Scoped<(i64, i64)>,
    Query(options): Query<UploadOptions>,
    JsonBody(doc): JsonBody<NewDocument>,
) -> ApiResult<Json<Document>> {
    let (state, (tenant_id, id)) = scope.require(Capability::EditCustomers)?;
    let current: Document = db::load(state, tenant_id, id).await?;
    let customer = customers::load(state, tenant_id, current.customer_id).await?;
    let (bytes, ocr) = examine(&doc, &options, &customer)?;
    let write = sqlx::query("UPDATE documents SET document_type = ?, file_name = ?, content_type = ?, size = ?, content = ?, ocr_data = ? WHERE document_id = ?");
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    bind_file(write, &doc, &bytes, ocr.as_ref()).bind(id).execute(&mut *tx).await?;
    let event = Event::document_changed(&current, doc.document_type, doc.file_name.trim());
    audit::record(&mut tx, &scope.caller, event).await?;
    tx.commit().await?;
    Ok(Json(db::load(state, tenant_id, id).await?))
}
