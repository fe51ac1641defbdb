//! The upload zone: drop or choose files, see a preview, pick each one's type, upload. A file is checked by
//! its bytes in the browser (the same `filetype::inspect` the server runs again) before anything is sent.
use super::documents::{check_kind_for_type, type_label, upload_document, DocumentUpload};
use crate::{
    eclipse::models::DocumentType,
    error::{AppError, Outcome},
    filetype::FileKind,
    ui::{error::redirect_to_login, toast::use_toasts},
};
use leptos::prelude::*;

/// A file picked in the browser, waiting to be uploaded.
#[derive(Clone, Copy)]
struct Staged {
    id: u32,
    /// Fixed when the file is picked: a retry of this upload carries the same `externalUniqueId`.
    key: StoredValue<String>,
    name: StoredValue<String>,
    size: u64,
    preview: RwSignal<Option<String>>,
    /// `None` while the file is being read.
    check: RwSignal<Option<Result<FileKind, String>>>,
    content: StoredValue<Option<String>>,
    document_type: RwSignal<DocumentType>,
    busy: RwSignal<bool>,
    failure: RwSignal<Option<String>>,
}

impl Staged {
    /// Why this file cannot be uploaded as its chosen type, if it cannot (or is still being read).
    fn problem(&self) -> Option<String> {
        match self.check.get() {
            None => Some("Reading the file…".into()),
            Some(Err(why)) => Some(why),
            Some(Ok(kind)) => check_kind_for_type(self.document_type.get(), kind).err(),
        }
    }
}

/// A guess from the file's name; the user can change it before uploading.
fn guess_type(name: &str) -> DocumentType {
    let n = name.to_lowercase();
    if ["selfie", "face", "portrait"].iter().any(|w| n.contains(w)) {
        DocumentType::FacialPhoto
    } else if n.contains("passport") {
        DocumentType::Passport
    } else if ["address", "utility", "bill", "statement"].iter().any(|w| n.contains(w))
        || n.ends_with(".pdf")
    {
        DocumentType::ProofOfAddress
    } else {
        DocumentType::NationalIdentity
    }
}

fn failure_text(err: &AppError) -> String {
    match err.reference() {
        Some(r) => format!("{err} (reference {r})"),
        None => err.to_string(),
    }
}

#[component]
pub fn UploadZone(
    customer_id: i64,
    /// Replace this document (its type stays) instead of adding one.
    #[prop(optional)]
    replace: Option<(i64, DocumentType)>,
    on_uploaded: Callback<()>,
) -> impl IntoView {
    let toasts = use_toasts();
    let staged = RwSignal::new(Vec::<Staged>::new());
    let dragging = RwSignal::new(false);
    let next_id = StoredValue::new(0u32);
    let input_id =
        format!("upload-{}", replace.map(|(id, _)| id.to_string()).unwrap_or_else(|| "new".into()));
    let upload = Action::new(move |item: &Staged| {
        let item = *item;
        item.busy.set(true);
        item.failure.set(None);
        let upload = DocumentUpload {
            document_type: item.document_type.get_untracked(),
            file_name: item.name.get_value(),
            content: item.content.get_value().unwrap_or_default(),
            key: item.key.get_value(),
        };
        async move {
            let result = upload_document(customer_id, upload, replace.map(|(id, _)| id)).await;
            item.busy.set(false);
            match result {
                Ok(Outcome::Done(doc)) => {
                    toasts.success(format!(
                        "Uploaded {} as {}.",
                        doc.file_name,
                        type_label(doc.document_type).to_lowercase()
                    ));
                    staged.update(|list| list.retain(|s| s.id != item.id));
                    on_uploaded.run(());
                }
                Ok(Outcome::Invalid(errors)) => {
                    let messages: Vec<String> =
                        errors.0.iter().map(|e| e.message.clone()).collect();
                    item.failure.set(Some(messages.join(" ")));
                }
                Ok(Outcome::Refused(why)) => item.failure.set(Some(why)),
                Ok(Outcome::Conflict(_)) => {}
                Err(err) => {
                    redirect_to_login(&err);
                    item.failure.set(Some(failure_text(&err)));
                }
            }
        }
    });
    let add_file = move |name: String, size: u64| -> Staged {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        let item = Staged {
            id,
            key: StoredValue::new(crate::ui::retry_key()),
            name: StoredValue::new(name.clone()),
            size,
            preview: RwSignal::new(None),
            check: RwSignal::new(None),
            content: StoredValue::new(None),
            document_type: RwSignal::new(
                replace.map(|(_, t)| t).unwrap_or_else(|| guess_type(&name)),
            ),
            busy: RwSignal::new(false),
            failure: RwSignal::new(None),
        };
        staged.update(|list| {
            if replace.is_some() {
                list.clear();
            }
            list.push(item)
        });
        item
    };
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(input) =
                ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                if let Some(files) = input.files() {
                    browser::stage_all(files, add_file);
                }
                input.set_value("");
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, add_file);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        #[cfg(feature = "hydrate")]
        if let Some(files) = ev.data_transfer().and_then(|dt| dt.files()) {
            browser::stage_all(files, add_file);
        }
    };
    let accept = "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf";
    let multiple = replace.is_none();
    let label_for = input_id.clone();
    view! {
        <div class="space-y-3" data-testid="upload-zone">
            <div class="rounded-lg border-2 border-dashed border-slate-300 bg-white p-5 text-center text-sm text-slate-700"
                class:border-sky-600=move || dragging.get() class:bg-sky-50=move || dragging.get()
                on:dragover=move |ev| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <p>
                    {if replace.is_some() { "Drop the new file here, or " } else { "Drop files here, or " }}
                    <label for=label_for class="link cursor-pointer font-medium">{if multiple { "choose files" } else { "choose a file" }}</label>
                </p>
                <p class="mt-1 text-xs text-slate-500">"ID, passport and selfie: a JPEG or PNG photo. Proof of address: JPEG, PNG or PDF. Up to 10 MiB each."</p>
                <input id=input_id type="file" class="sr-only" accept=accept multiple=multiple on:change=on_change data-testid="file-input" />
            </div>
            <ul class="space-y-2">
                <For each=move || staged.get() key=|s| s.id let:item>
                    <StagedFile item replace=replace.is_some() upload staged />
                </For>
            </ul>
        </div>
    }
}

#[component]
fn StagedFile(
    item: Staged,
    replace: bool,
    upload: Action<Staged, ()>,
    staged: RwSignal<Vec<Staged>>,
) -> impl IntoView {
    let options = DocumentType::ONBOARDING.map(|t| {
        view! { <option value=t.as_str() selected=move || item.document_type.get() == t>{type_label(t)}</option> }
    }).collect_view();
    let select_id = format!("staged-type-{}", item.id);
    let label_for = select_id.clone();
    let problem = Memo::new(move |_| item.problem());
    let name = item.name.get_value();
    view! {
        <li class="card flex flex-wrap items-center gap-4 p-3" data-testid="staged-file">
            <div class="flex h-16 w-20 shrink-0 items-center justify-center overflow-hidden rounded bg-slate-100 text-xs text-slate-500">
                {move || match item.preview.get() {
                    Some(src) => view! { <img src=src alt="Preview" class="h-full w-full object-cover" data-testid="preview" /> }.into_any(),
                    None => view! { <span>{if name.to_lowercase().ends_with(".pdf") { "PDF" } else { "No preview" }}</span> }.into_any(),
                }}
            </div>
            <div class="min-w-0 flex-1 text-sm">
                <p class="truncate font-medium text-slate-900">{item.name.get_value()}</p>
                <p class="text-xs text-slate-500">{crate::ui::file_size(item.size)}</p>
                {move || problem.get().filter(|p| p != "Reading the file…").map(|p| view! {
                    <p class="field-error" role="alert" data-testid="upload-refused">{p}</p>
                })}
                {move || item.failure.get().map(|f| view! { <p class="field-error" role="alert" data-testid="upload-failed">{f}</p> })}
            </div>
            <div>
                <label for=label_for class="label">"This file is"</label>
                <select id=select_id class="input" disabled=replace
                    on:change=move |ev| if let Some(t) = DocumentType::parse(&event_target_value(&ev)) { item.document_type.set(t) }>
                    {options}
                </select>
            </div>
            <div class="flex gap-2">
                <button type="button" class="btn-primary" disabled=move || problem.get().is_some() || item.busy.get()
                    on:click=move |_| { upload.dispatch(item); }>
                    {move || match (item.busy.get(), item.failure.get().is_some()) {
                        (true, _) => "Uploading…",
                        (false, true) => "Try again",
                        (false, false) => if replace { "Replace" } else { "Upload" },
                    }}
                </button>
                <button type="button" class="btn-secondary" disabled=move || item.busy.get()
                    on:click=move |_| staged.update(|list| list.retain(|s| s.id != item.id))>"Remove"</button>
            </div>
        </li>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use base64::Engine;

    pub fn stage_all(
        files: web_sys::FileList,
        add_file: impl Fn(String, u64) -> Staged + Copy + 'static,
    ) {
        for i in 0..files.length() {
            if let Some(file) = files.get(i) {
                let item = add_file(file.name(), file.size() as u64);
                leptos::task::spawn_local(read_and_check(file, item));
            }
        }
    }

    /// Reads the bytes (unless the size alone refuses the file), checks them, and makes the preview.
    async fn read_and_check(file: web_sys::File, item: Staged) {
        if let Some(problem) = crate::filetype::size_problem(item.size) {
            item.check.set(Some(Err(problem)));
            return;
        }
        let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => {
                item.check.set(Some(Err("The file could not be read.".into())));
                return;
            }
        };
        let check = crate::filetype::inspect(&bytes);
        if let Ok(kind) = check {
            item.content.set_value(Some(base64::engine::general_purpose::STANDARD.encode(&bytes)));
            if kind.is_image() {
                item.preview.set(web_sys::Url::create_object_url_with_blob(&file).ok());
            }
        }
        item.check.set(Some(check));
    }
}
