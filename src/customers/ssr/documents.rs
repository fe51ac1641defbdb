//! Documents on the server: every upload is checked by its bytes again (never by its name or declared
//! type), and a document's bytes reach the browser only through a guarded GET with their detected type.
use super::{load, Authed};
use crate::eclipse::ErrorCode;
use crate::{
    auth::ssr::{require, require_in},
    customers::documents::{check_kind_for_type, is_upload_key, DocumentUpload, DocumentsOnFile},
    eclipse::{
        models::{Document, NewDocument, OcrData},
        positions::Capability,
    },
    error::{AppError, FieldErrors, Outcome},
    filetype,
    server::AppState,
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use base64::{engine::general_purpose::STANDARD, Engine};
use tower_sessions::Session;

pub async fn list(customer_id: i64) -> Result<DocumentsOnFile, AppError> {
    let authed = require(Capability::ReadKyc).await?;
    let (customer, documents) = tokio::join!(load(&authed, customer_id), authed.eclipse.documents(customer_id));
    let customer = customer?;
    let documents = authed.answer(documents).await?;
    let profile = OcrData {
        first_name: Some(customer.first_name),
        last_name: Some(customer.last_name),
        national_identity_number: customer.national_identity_number,
        date_of_birth: customer.date_of_birth,
    };
    Ok(DocumentsOnFile { documents, profile })
}

fn refused(message: impl Into<String>) -> Outcome<Document> {
    let mut errors = FieldErrors::default();
    errors.add("content", message);
    Outcome::Invalid(errors)
}

pub async fn upload(customer_id: i64, upload: DocumentUpload, replace: Option<i64>) -> Result<Outcome<Document>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    if !is_upload_key(&upload.key) {
        return Err(AppError::BadRequest("The upload carries no valid retry key.".into()));
    }
    let name = upload.file_name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(|c| c.is_control() || c == '/' || c == '\\') {
        return Ok(refused("The file name must be 1 to 200 characters, without slashes."));
    }
    // 10 MiB decoded is about 13.4 MiB of base64: anything longer is refused before decoding.
    if upload.content.len() > filetype::MAX_DOCUMENT_BYTES / 3 * 4 + 8 {
        return Ok(refused("The file is over 10 MiB; the limit is 10 MiB."));
    }
    let Ok(bytes) = STANDARD.decode(upload.content.trim()) else {
        return Ok(refused("The file arrived damaged (its encoding is invalid); choose it again."));
    };
    let kind = match filetype::inspect(&bytes) {
        Ok(kind) => kind,
        Err(why) => return Ok(refused(why)),
    };
    if let Err(why) = check_kind_for_type(upload.document_type, kind) {
        return Ok(refused(why));
    }
    if let Some(document_id) = replace {
        ensure_owned(&authed, customer_id, document_id).await?;
    }
    let document = NewDocument {
        document_type: upload.document_type,
        file_name: name.to_owned(),
        content_type: kind.content_type().to_owned(),
        content: upload.content,
        external_unique_id: replace.is_none().then(|| format!("doc-{}", upload.key)),
    };
    let eclipse = &authed.eclipse;
    let result = match replace {
        Some(document_id) => eclipse.replace_document(document_id, &document).await,
        None => {
            let first = eclipse.upload_document(customer_id, &document).await;
            let ext = document.external_unique_id.as_deref().unwrap_or_default();
            eclipse.created_once(first, &format!("/customers/{customer_id}/documents"), ext).await
        }
    };
    let action = if replace.is_some() { "document.replace" } else { "document.upload" };
    authed.audit(action, format!("customer {customer_id} {}", upload.document_type.as_str()), &result).await;
    if result.is_ok() {
        authed.contributed_to_kyc(customer_id, action).await;
    }
    authed.outcome(result, |_| "content", ("content", "This file was already uploaded.")).await
}

/// That the document is this customer's, from the list (metadata only, no bytes fetched).
async fn ensure_owned(authed: &Authed, customer_id: i64, document_id: i64) -> Result<(), AppError> {
    let documents = authed.answer(authed.eclipse.documents(customer_id).await).await?;
    documents.iter().any(|d| d.document_id == document_id).then_some(()).ok_or(AppError::NotFound)
}

/// The document with its bytes, if it belongs to this customer (a document id alone must not reach another's file).
async fn owned_document(authed: &Authed, customer_id: i64, document_id: i64) -> Result<Document, AppError> {
    let document = match authed.eclipse.document(document_id).await {
        Err(err) if err.is(ErrorCode::NotFound) => return Err(AppError::NotFound),
        other => authed.answer(other).await?,
    };
    if document.customer_id != customer_id {
        return Err(AppError::NotFound);
    }
    Ok(document)
}

pub async fn delete(customer_id: i64, document_id: i64) -> Result<Outcome<()>, AppError> {
    let authed = require(Capability::EditCustomers).await?;
    ensure_owned(&authed, customer_id, document_id).await?;
    let result = authed.eclipse.delete_document(document_id).await;
    authed.audit("document.delete", format!("customer {customer_id} document {document_id}"), &result).await;
    authed.answer(result).await.map(Outcome::Done)
}

/// `GET /customers/{customer_id}/documents/{document_id}/file`: the bytes, typed by what they are.
pub async fn file(State(state): State<AppState>, session: Session, Path((customer_id, document_id)): Path<(i64, i64)>) -> Response {
    let answer = async {
        let authed = require_in(&state, session, Capability::ReadKyc).await?;
        let document = owned_document(&authed, customer_id, document_id).await?;
        let bytes = STANDARD.decode(document.content.unwrap_or_default()).map_err(|_| AppError::NotFound)?;
        // Served only as what the bytes are: a file that is not an image or a PDF is not served at all.
        let kind = filetype::sniff(&bytes).ok_or(AppError::NotFound)?;
        Ok::<_, AppError>((kind, bytes))
    };
    match answer.await {
        Ok((kind, bytes)) => {
            let mut res = (StatusCode::OK, bytes).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.content_type()));
            h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
            h.insert("content-security-policy", HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"));
            res
        }
        Err(err) => {
            let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, err.to_string()).into_response()
        }
    }
}
