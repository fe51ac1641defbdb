//! A customer's KYC documents: the upload's rules (shared by the browser and the server), the server
//! functions, and the panel used by the Documents tab and the onboarding wizard's step 3.
use super::upload::UploadZone;
use crate::api::server_fns;
use crate::{
    eclipse::models::{debug_showing, Document, DocumentType, OcrData},
    error::Outcome,
    filetype::FileKind,
    ui::{
        dialog::ConfirmDialog, error::InlineError, form::ToggleButton, load::Loaded,
        toast::use_toasts,
    },
};
use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

/// One file to upload. `key` is chosen in the browser when the file is picked, so a retry of the same upload
/// carries the same `externalUniqueId` and finds the document the first attempt created.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentUpload {
    pub document_type: DocumentType,
    pub file_name: String,
    /// Base64 of the file's bytes.
    pub content: String,
    pub key: String,
}

debug_showing!(DocumentUpload { document_type, file_name });

/// The documents on file, and what the profile says, to set beside what OCR read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentsOnFile {
    pub documents: Vec<Document>,
    pub profile: OcrData,
}

pub fn type_label(t: DocumentType) -> &'static str {
    match t {
        DocumentType::NationalIdentity => "Identity document",
        DocumentType::Passport => "Passport",
        DocumentType::FacialPhoto => "Selfie",
        DocumentType::ProofOfAddress => "Proof of address",
        DocumentType::Auto => "Let Eclipse decide",
        _ => "Comparison document",
    }
}

/// Whether a file of `kind` may be uploaded as `t`; `Err` says why not.
pub fn check_kind_for_type(t: DocumentType, kind: FileKind) -> Result<(), String> {
    if !DocumentType::ONBOARDING.contains(&t) {
        return Err("Choose one of the listed document types.".into());
    }
    if t.must_be_image() && !kind.is_image() {
        return Err(format!(
            "A {} must be a JPEG or PNG photo, not a PDF.",
            type_label(t).to_lowercase()
        ));
    }
    Ok(())
}

/// Where the portal serves a document's bytes (a guarded GET: session, position, and the customer's own).
pub fn file_href(customer_id: i64, document_id: i64) -> String {
    format!("/customers/{customer_id}/documents/{document_id}/file")
}

server_fns! {
    "customers/documents/list" => list_documents(customer_id: i64) -> DocumentsOnFile = ssr::list;
    /// Uploads a new document, or replaces `replace` with this file. Checked by its bytes on the server again.
    "customers/documents/upload" [input = Json] =>
        upload_document(customer_id: i64, upload: DocumentUpload, replace: Option<i64>)
            -> Outcome<Document> = ssr::upload;
    "customers/documents/delete" =>
        delete_document(customer_id: i64, document_id: i64) -> Outcome<()> = ssr::delete;
}

/// The documents on file (thumbnails, full view, replace, delete, OCR beside the profile) and the upload zone.
#[island]
pub fn DocumentsPanel(customer_id: i64, can_edit: bool) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let on_file = Resource::new(move || reload.get(), move |_| list_documents(customer_id));
    let viewing = RwSignal::new(None::<(String, String)>);
    let changed = Callback::new(move |_: ()| reload.update(|n| *n += 1));
    let show = move |DocumentsOnFile { documents, profile }: DocumentsOnFile| {
        let empty = documents.is_empty();
        let cards = documents.into_iter().map(|d| {
            view! { <DocumentCard document=d profile=profile.clone() customer_id can_edit viewing changed /> }
        }).collect_view();
        view! {
            {empty.then(|| view! { <p class="card p-6 text-sm text-slate-600">"No document is on file yet."</p> })}
            <div class="grid gap-4 md:grid-cols-2">{cards}</div>
        }
    };
    view! {
        <div class="space-y-4" data-testid="documents">
            <Loaded resource=on_file children=show />
            {can_edit.then(|| view! { <UploadZone customer_id on_uploaded=changed /> })}
            {move || viewing.get().map(|(href, name)| view! {
                <div class="fixed inset-0 z-40 flex items-center justify-center bg-slate-900/70 p-4" role="dialog" aria-modal="true"
                    aria-label=name.clone() on:click=move |_| viewing.set(None)
                    on:keydown=move |ev| if ev.key() == "Escape" { viewing.set(None) }>
                    <figure class="max-h-full max-w-4xl rounded-lg bg-white p-3 shadow-xl">
                        <img src=href.clone() alt=name.clone() class="max-h-[80vh] w-auto" data-testid="document-full" />
                        <figcaption class="mt-2 flex items-center justify-between gap-4 text-sm text-slate-700">
                            {name.clone()}
                            // Served copies drop camera and location data; the original is one audited click away.
                            <a href=format!("{href}?metadata=keep") target="_blank" rel="noopener" class="link ml-auto"
                                data-testid="document-original" on:click=|ev| ev.stop_propagation()>
                                "Original with its metadata"
                            </a>
                            <button type="button" class="btn-secondary" on:click=move |_| viewing.set(None)>"Close"</button>
                        </figcaption>
                    </figure>
                </div>
            })}
        </div>
    }
}

#[component]
fn DocumentCard(
    document: Document,
    profile: OcrData,
    customer_id: i64,
    can_edit: bool,
    viewing: RwSignal<Option<(String, String)>>,
    changed: Callback<()>,
) -> impl IntoView {
    let toasts = use_toasts();
    let href = file_href(customer_id, document.document_id);
    let is_image = document.content_type.starts_with("image/");
    let confirm = RwSignal::new(false);
    let replacing = RwSignal::new(false);
    let remove = ServerAction::<DeleteDocument>::new();
    let document_id = document.document_id;
    Effect::new(move |_| {
        if let Some(Ok(Outcome::Done(()))) = remove.value().get() {
            confirm.set(false);
            toasts.success("Document deleted.");
            changed.run(());
        }
    });
    let label = type_label(document.document_type);
    let name = document.file_name.clone();
    let (full_href, full_name) = (href.clone(), format!("{label}: {name}"));
    let thumbnail = if is_image {
        view! {
            <button type="button" class="block h-28 w-36 shrink-0 overflow-hidden rounded-md bg-slate-100 ring-1 ring-slate-200"
                title="Show full size" on:click=move |_| viewing.set(Some((full_href.clone(), full_name.clone())))>
                <img src=href.clone() alt=format!("{label} thumbnail") loading="lazy" class="h-full w-full object-cover" />
            </button>
        }.into_any()
    } else {
        view! {
            <a href=href.clone() target="_blank" rel="noopener" class="flex h-28 w-36 shrink-0 items-center justify-center rounded-md bg-slate-100 text-sm font-semibold text-slate-600 ring-1 ring-slate-200">"PDF · open"</a>
        }.into_any()
    };
    let ocr = document
        .ocr_data
        .clone()
        .map(|ocr| view! { <OcrComparison ocr profile=profile.clone() /> });
    view! {
        <section class="card p-4" data-testid="document">
            <div class="flex gap-4">
                {thumbnail}
                <div class="min-w-0 flex-1 text-sm">
                    <p class="font-semibold text-slate-900" data-testid="document-type">{label}</p>
                    <p class="truncate text-slate-700" title=name.clone()>{name.clone()}</p>
                    <p class="text-xs text-slate-500">{format!("{} · {} · {}", document.content_type, crate::ui::file_size(document.size.max(0) as u64), crate::ui::format::date(&document.created))}</p>
                    {can_edit.then(|| view! {
                        <div class="mt-2 flex flex-wrap gap-2">
                            <ToggleButton open=replacing label="Replace…" close="Keep this file" />
                            <button type="button" class="btn-danger" on:click=move |_| confirm.set(true)>"Delete"</button>
                        </div>
                    })}
                </div>
            </div>
            {ocr}
            <Show when=move || replacing.get()>
                <div class="mt-3 border-t border-slate-200 pt-3">
                    <UploadZone customer_id replace=(document_id, document.document_type)
                        on_uploaded=Callback::new(move |_| { replacing.set(false); changed.run(()); }) />
                </div>
            </Show>
            {move || remove.value().get().and_then(|r| r.err()).map(|error| view! { <div class="mt-3"><InlineError error /></div> })}
            <ConfirmDialog open=confirm title="Delete this document?" confirm_label="Delete document" danger=true
                pending=remove.pending() on_confirm=move || { remove.dispatch(DeleteDocument { customer_id, document_id }); }>
                <p>{format!("{label}: {name}")}</p>
                <p class="mt-2">"It is removed from Eclipse. The next KYC check will not see it."</p>
            </ConfirmDialog>
        </section>
    }
}

/// What OCR read beside what the profile says; differences highlighted.
#[component]
pub fn OcrComparison(ocr: OcrData, profile: OcrData) -> impl IntoView {
    let rows: [(&str, Option<String>, Option<String>); 4] = [
        ("First name", ocr.first_name, profile.first_name),
        ("Surname", ocr.last_name, profile.last_name),
        ("Identity number", ocr.national_identity_number, profile.national_identity_number),
        (
            "Date of birth",
            ocr.date_of_birth.as_ref().map(crate::ui::format::date),
            profile.date_of_birth.as_ref().map(crate::ui::format::date),
        ),
    ];
    let rows = rows.into_iter().map(|(label, read, entered)| {
        let read = read.unwrap_or_default();
        let entered = entered.unwrap_or_default();
        let differs = !read.is_empty() && !read.trim().eq_ignore_ascii_case(entered.trim());
        view! {
            <tr class:bg-amber-50=differs data-testid=if differs { "ocr-differs" } else { "ocr-same" }>
                <th scope="row" class="py-1 pr-3 text-left font-medium text-slate-600">{label}</th>
                <td class="py-1 pr-3 font-mono">{if read.is_empty() { "—".to_owned() } else { read }}</td>
                <td class="py-1 font-mono">{if entered.is_empty() { "—".to_owned() } else { entered }}</td>
                <td class="py-1 pl-2 text-xs font-semibold text-amber-800">{differs.then_some("differs")}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <table class="mt-3 w-full text-xs" data-testid="ocr">
            <caption class="pb-1 text-left text-xs font-semibold text-slate-700">"Read from the document (OCR) beside the profile"</caption>
            <thead><tr class="text-left text-slate-500"><th></th><th class="pr-3 font-medium">"Document"</th><th class="font-medium">"Profile"</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Documents on the server: every upload is checked by its bytes again (never by its name or declared
/// type), and a document's bytes reach the browser only through a guarded GET with their detected type.
#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::{
        auth::ssr::Authed,
        customers::ssr::{ensure_listed, kyc_change, load},
        eclipse::{client::EclipseError, ErrorCode},
    };
    use crate::{
        auth::ssr::{require, require_in, FormErrors},
        customers::documents::{check_kind_for_type, DocumentUpload, DocumentsOnFile},
        eclipse::{
            models::{Document, NewDocument, OcrData},
            positions::Capability,
        },
        error::{AppError, FieldErrors, Outcome},
        filetype,
        state::AppState,
        validate::require_retry_key,
    };
    use axum::{
        extract::{Path, Query, State},
        http::{header, HeaderValue, StatusCode},
        response::{IntoResponse, Response},
    };
    use base64::{engine::general_purpose::STANDARD, Engine};
    use tower_sessions::Session;

    pub async fn list(customer_id: i64) -> Result<DocumentsOnFile, AppError> {
        let authed = require(Capability::ReadKyc).await?;
        let (customer, documents) =
            tokio::join!(load(&authed, customer_id), authed.eclipse.documents(customer_id));
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

    pub async fn upload(
        customer_id: i64,
        upload: DocumentUpload,
        replace: Option<i64>,
    ) -> Result<Outcome<Document>, AppError> {
        let authed = require(Capability::EditCustomers).await?;
        require_retry_key(&upload.key)?;
        let name = upload.file_name.trim();
        if name.is_empty()
            || name.chars().count() > 200
            || name.chars().any(|c| c.is_control() || c == '/' || c == '\\')
        {
            return Ok(refused("The file name must be 1 to 200 characters, without slashes."));
        }
        // 10 MiB decoded is about 13.4 MiB of base64: anything longer is refused before decoding.
        if upload.content.len() > filetype::MAX_DOCUMENT_BYTES / 3 * 4 + 8 {
            return Ok(refused("The file is over 10 MiB; the limit is 10 MiB."));
        }
        let Ok(bytes) = STANDARD.decode(upload.content.trim()) else {
            return Ok(refused(
                "The file arrived damaged (its encoding is invalid); choose it again.",
            ));
        };
        let kind = match filetype::inspect(&bytes) {
            Ok(kind) => kind,
            Err(why) => return Ok(refused(why)),
        };
        if let Err(why) = check_kind_for_type(upload.document_type, kind) {
            return Ok(refused(why));
        }
        let verified =
            tokio::task::spawn_blocking(move || filetype::verify::verify(&bytes, kind)).await;
        if let Err(why) = verified.map_err(|err| AppError::fault("upload check", err))? {
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
                eclipse
                    .created_once(first, &format!("/customers/{customer_id}/documents"), ext)
                    .await
            }
        };
        let action = if replace.is_some() { "document.replace" } else { "document.upload" };
        let target = format!("customer {customer_id} {}", upload.document_type.as_str());
        let form = FormErrors {
            field: |_| "content",
            duplicate: ("content", "This file was already uploaded."),
        };
        kyc_change(&authed, customer_id, action, target, result, &form).await
    }

    /// That the document is this customer's, from the list (metadata only, no bytes fetched).
    async fn ensure_owned(
        authed: &Authed,
        customer_id: i64,
        document_id: i64,
    ) -> Result<(), AppError> {
        let listed = authed.eclipse.documents(customer_id).await;
        ensure_listed(authed, listed, |d: &Document| d.document_id == document_id).await
    }

    /// The document with its bytes, if it belongs to this customer (a document id alone must not reach another's file).
    async fn owned_document(
        authed: &Authed,
        customer_id: i64,
        document_id: i64,
    ) -> Result<Document, AppError> {
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
        let target = format!("customer {customer_id} document {document_id}");
        authed.audit_kyc_change(customer_id, "document.delete", target, &result).await;
        authed.answer(result).await.map(Outcome::Done)
    }

    #[derive(serde::Deserialize)]
    pub struct FileQuery {
        /// `keep`: the file as uploaded, with its metadata (EXIF, GPS), which is then audited.
        metadata: Option<String>,
    }

    /// `GET /customers/{customer_id}/documents/{document_id}/file`: the bytes, typed by what they are, photos
    /// without their metadata unless `?metadata=keep` asks for it.
    pub async fn file(
        State(state): State<AppState>,
        session: Session,
        Path((customer_id, document_id)): Path<(i64, i64)>,
        Query(query): Query<FileQuery>,
    ) -> Result<Response, AppError> {
        let authed = require_in(&state, session, Capability::ReadKyc).await?;
        let document = owned_document(&authed, customer_id, document_id).await?;
        let bytes = STANDARD
            .decode(document.content.unwrap_or_default())
            .map_err(|_| AppError::NotFound)?;
        // Served only as what the bytes are: a file that is not an image or a PDF is not served at all.
        let kind = filetype::sniff(&bytes).ok_or(AppError::NotFound)?;
        let bytes = if query.metadata.as_deref() == Some("keep") {
            let target = format!("customer {customer_id} document {document_id}");
            authed.audit("document.metadata", target, &Ok::<_, EclipseError>(())).await;
            bytes
        } else {
            tokio::task::spawn_blocking(move || {
                filetype::metadata::without_metadata(&bytes, kind).map(|served| served.into_owned())
            })
            .await
            .map_err(|err| AppError::fault("document metadata", err))?
            .ok_or(AppError::NotFound)?
        };
        let kind = filetype::sniff(&bytes).ok_or(AppError::NotFound)?;
        let mut res = (StatusCode::OK, bytes).into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.content_type()));
        h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
        h.insert(
            "content-security-policy",
            HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
        );
        Ok(res)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_documents_must_be_photos() {
        assert!(check_kind_for_type(DocumentType::ProofOfAddress, FileKind::Pdf).is_ok());
        assert!(check_kind_for_type(DocumentType::FacialPhoto, FileKind::Pdf)
            .unwrap_err()
            .contains("not a PDF"));
        assert!(check_kind_for_type(DocumentType::ComparisonPassport, FileKind::Png).is_err());
    }
}
