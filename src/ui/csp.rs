//! The Content-Security-Policy: scripts only from this site or carrying the page's nonce (the hydration
//! bootstrap is inline), WebAssembly compiled without `eval`, no framing, violations reported to
//! `/csp-report` (kept by the server).
use leptos::prelude::use_context;

/// The policy of an HTML page whose inline scripts carry `nonce`. Styles allow inline attributes
/// (the document viewer's zoom and rotation); scripts never run inline without the nonce.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' blob: data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'; report-uri /csp-report"
    )
}

/// For everything that is not a page (server function answers, CSV, errors): nothing may run or load.
pub const NON_PAGE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// Called while the shell renders: the policy header carries the nonce leptos_axum gave this response.
pub fn send_page_policy() {
    let (Some(nonce), Some(res)) =
        (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&page_policy(&nonce)) {
        res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn scripts_need_the_nonce_and_nothing_is_inline_or_evaluated() {
        let policy = super::page_policy("abc123");
        let scripts = policy.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        assert!(scripts.contains("'nonce-abc123'") && scripts.contains("'wasm-unsafe-eval'"));
        assert!(!scripts.contains("'unsafe-inline'") && !scripts.contains("'unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
    }
}
