//! The Eclipse reads of one page render, made once each. leptos's server render may build a part of a page
//! more than once (a `Suspense` walks its children again to find loads created late, and each walk creates the
//! loads of the components inside it anew), and one page may need the same record in two places (the customer,
//! for the header and for the barring panel). Without this, every such build fetched its data again.
//! Only page renders share their reads (`server::build` provides one `PageReads` per page request); a server
//! function called from the browser always reads afresh.
use super::client::{EclipseError, EclipseResult};
use axum::body::Bytes;
use std::{
    collections::HashMap,
    future::Future,
    sync::{Arc, Mutex},
};
use tokio::sync::OnceCell;

/// A successful read, whole: what the typed calls parse.
#[derive(Clone, Debug)]
pub struct Read {
    pub total: Option<u64>,
    pub body: Bytes,
}

/// One read per path, shared by whoever asks for it first or while it is under way.
type SharedRead = Arc<OnceCell<Option<Read>>>;

#[derive(Clone, Default)]
pub struct PageReads(Arc<Mutex<HashMap<String, SharedRead>>>);

/// Not the answers: they are Eclipse's records.
impl std::fmt::Debug for PageReads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageReads")
    }
}

impl PageReads {
    /// The read of `url`: made by the first caller, shared with every later one. A failed read is not
    /// shared: its caller gets its error, and a later caller tries for itself.
    pub async fn read<F, Fut>(&self, url: String, fetch: F) -> EclipseResult<Read>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = EclipseResult<Read>>,
    {
        let cell = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(url)
            .or_default()
            .clone();
        let mut own_error: Option<EclipseError> = None;
        let shared = cell
            .get_or_init(|| async {
                match fetch().await {
                    Ok(read) => Some(read),
                    Err(err) => {
                        own_error = Some(err);
                        None
                    }
                }
            })
            .await;
        match (shared, own_error) {
            (Some(read), _) => Ok(read.clone()),
            (None, Some(err)) => Err(err),
            (None, None) => fetch().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn ok(body: &'static str) -> EclipseResult<Read> {
        Ok(Read { total: None, body: Bytes::from_static(body.as_bytes()) })
    }

    #[tokio::test]
    async fn one_url_is_fetched_once_and_others_apart() {
        let reads = PageReads::default();
        let calls = AtomicUsize::new(0);
        let fetch = |body| {
            let calls = &calls;
            move || async move {
                calls.fetch_add(1, Ordering::SeqCst);
                tokio::task::yield_now().await;
                ok(body)
            }
        };
        let (a, b, c) = tokio::join!(
            reads.read("/customers/5".into(), fetch("five")),
            reads.read("/customers/5".into(), fetch("five")),
            reads.read("/customers/6".into(), fetch("six")),
        );
        assert_eq!(
            (&a.unwrap().body[..], &b.unwrap().body[..], &c.unwrap().body[..]),
            (&b"five"[..], &b"five"[..], &b"six"[..])
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failure_goes_to_its_caller_and_is_not_kept() {
        let reads = PageReads::default();
        let failed =
            reads.read("/x".into(), || async { Err(EclipseError::Decode("broken".into())) }).await;
        assert!(matches!(failed, Err(EclipseError::Decode(_))));
        let again = reads.read("/x".into(), || async { ok("mended") }).await.unwrap();
        assert_eq!(&again.body[..], b"mended");
    }
}
