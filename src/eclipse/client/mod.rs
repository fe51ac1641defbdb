//! The typed Eclipse client: one connection pool, connect and total timeouts, no redirects, and Eclipse's
//! error arrays turned into a typed error that keeps code, description and trace id.
//!
//! Only idempotent reads are retried; a create, decision or status change is sent exactly once.

/// Declares the typed endpoints that are one call each, as `server_fns!` (`src/api.rs`) declares server
/// functions: `name(args) -> T = call("path", more…);` is `pub async fn name(&self, args) -> EclipseResult<T>`,
/// which makes `self.call(&format!("path"), more…)` (`get`, `get_page`, `post`, `put`, `delete`, …). The
/// path names the arguments it carries (`"/customers/{id}"`). An endpoint that does more is a method beside it.
macro_rules! endpoints {
    ($(
        $(#[$meta:meta])*
        $name:ident($($arg:ident: $ty:ty),*) -> $ok:ty =
            $call:ident($path:literal $(, $more:expr)*);
    )*) => {$(
        $(#[$meta])*
        pub async fn $name(&self, $($arg: $ty),*) -> $crate::eclipse::errors::EclipseResult<$ok> {
            self.$call(&format!($path) $(, $more)*).await
        }
    )*};
}

mod customers;
mod reports;
mod tenant;
mod wallets;

pub use super::errors::{EclipseError, EclipseResult};
use super::models::*;
use super::page_reads::{PageReads, Read};
use super::ErrorCode;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::{de::DeserializeOwned, Serialize};
use std::time::Duration;

pub const API_PREFIX: &str = "/eclipse-conductor/rest/v1";

/// The `Authorization` header value Eclipse issued (`Bearer <jwt>`); its `Debug` is redacted.
#[derive(Clone)]
pub struct BearerToken(SecretString);

impl BearerToken {
    pub fn new(header_value: String) -> Self {
        BearerToken(SecretString::from(header_value))
    }
    pub fn header_value(&self) -> &str {
        self.0.expose_secret()
    }
    /// The JWT alone, as `/authentication/renew` wants it.
    pub fn jwt(&self) -> &str {
        self.header_value().strip_prefix("Bearer ").unwrap_or(self.header_value())
    }
}

impl std::fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

#[derive(Clone)]
pub struct EclipseClient {
    http: reqwest::Client,
    api_base: String,
}

/// How many times an idempotent read is retried after a transport failure or a 502/503/504.
const READ_RETRIES: u32 = 2;

/// Every upload is read by OCR and checked by its bytes.
pub(super) const UPLOAD_OPTIONS: &[(&str, &str)] =
    &[("performOcr", "true"), ("validateDocType", "true")];

impl EclipseClient {
    pub fn new(base_url: &str, connect_timeout: Duration, timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(concat!("eclipse-admin/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the HTTP client configuration is valid");
        EclipseClient {
            http,
            api_base: format!("{}{}", base_url.trim_end_matches('/'), API_PREFIX),
        }
    }

    pub async fn login(&self, request: &LoginRequest) -> EclipseResult<LoginAnswer> {
        self.authentication("login", request).await
    }

    /// (ours) The second step of a sign-in that asked for one.
    pub async fn second_factor(
        &self,
        request: &SecondFactorRequest,
    ) -> EclipseResult<LoginResponse> {
        self.authentication("second-factor", request).await
    }

    /// (ours) A new TOTP secret for the user of a sign-in that must enrol one.
    pub async fn enrol_second_factor(
        &self,
        request: &EnrolmentRequest,
    ) -> EclipseResult<TotpEnrolment> {
        self.authentication("second-factor/enrolment", request).await
    }

    async fn authentication<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &impl serde::Serialize,
    ) -> EclipseResult<T> {
        let req = self.http.post(format!("{}/authentication/{path}", self.api_base)).json(body);
        read_json(send(req).await?).await
    }

    pub async fn renew(&self, token: &BearerToken) -> EclipseResult<LoginResponse> {
        let req = self
            .http
            .post(format!("{}/authentication/renew", self.api_base))
            .header("Authorization", token.header_value())
            .json(&RenewRequest { jwt: token.jwt().to_owned() });
        read_json(send(req).await?).await
    }

    pub async fn logout(&self, token: &BearerToken) -> EclipseResult<()> {
        let req = self
            .http
            .post(format!("{}/authentication/logout", self.api_base))
            .header("Authorization", token.header_value());
        send(req).await.map(|_| ())
    }

    /// Whether Eclipse answers at all, within `within` (any HTTP answer counts, a refusal included): for the
    /// readiness check, which must not depend on a session.
    pub async fn answers(&self, within: Duration) -> bool {
        let probe =
            self.http.get(format!("{}/authentication/login", self.api_base)).timeout(within);
        probe.send().await.is_ok()
    }

    /// A client acting for one signed-in admin in their tenant.
    pub fn tenant(&self, token: BearerToken, tenant_id: i64) -> TenantClient {
        TenantClient { client: self.clone(), token, tenant_id, page_reads: None }
    }
}

/// Sends one request to Eclipse with the current request's correlation id, and counts it by endpoint and
/// outcome with its latency (`eclipse_requests_total`, `eclipse_request_duration_seconds`).
pub(super) async fn send(req: reqwest::RequestBuilder) -> EclipseResult<reqwest::Response> {
    let (http, req) = req.build_split();
    let mut req = req.map_err(EclipseError::transport)?;
    if let Some(id) = crate::error::correlation::current() {
        if let Ok(value) = reqwest::header::HeaderValue::from_str(&id) {
            req.headers_mut().insert(crate::error::correlation::HEADER, value);
        }
    }
    let endpoint = format!("{} {}", req.method(), endpoint_of(req.url().path()));
    let started = std::time::Instant::now();
    let answer = http.execute(req).await;
    let outcome = match &answer {
        Ok(res) => status_class(res.status()),
        Err(_) => "transport",
    };
    metrics::histogram!("eclipse_request_duration_seconds", "endpoint" => endpoint.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!("eclipse_requests_total", "endpoint" => endpoint, "outcome" => outcome)
        .increment(1);
    let res = answer.map_err(EclipseError::transport)?;
    if res.status().is_success() {
        return Ok(res);
    }
    let status = res.status();
    let body = res.bytes().await.map_err(EclipseError::transport)?;
    let items = serde_json::from_slice::<Vec<ErrorItem>>(&body).unwrap_or_else(|_| {
        vec![ErrorItem {
            kind: "SYSTEM".into(),
            severity: "HIGH".into(),
            description: format!(
                "Eclipse answered {} without an error description",
                status.as_u16()
            ),
            // "HTTP" names no Eclipse code: the answer carried none (a proxy's page, an empty body).
            code: if status.is_server_error() {
                ErrorCode::Unknown
            } else {
                ErrorCode::Other("HTTP".into())
            },
            trace_id: None,
            span_id: None,
            environment: None,
            field: None,
        }]
    });
    Err(EclipseError::Api { status, items })
}

/// An Eclipse path as a metric label: ids, keys and names become `{id}`, so the label has few values.
fn endpoint_of(path: &str) -> String {
    let path = path.strip_prefix(API_PREFIX).unwrap_or(path);
    path.split('/')
        .map(|segment| {
            let word = segment.bytes().all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'_');
            if word {
                segment
            } else {
                "{id}"
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn status_class(status: reqwest::StatusCode) -> &'static str {
    match status.as_u16() {
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

pub(super) async fn read_json<T: DeserializeOwned>(res: reqwest::Response) -> EclipseResult<T> {
    let bytes = res.bytes().await.map_err(EclipseError::transport)?;
    parse(&bytes)
}

pub(super) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> EclipseResult<T> {
    serde_json::from_slice(bytes).map_err(|e| EclipseError::Decode(e.to_string()))
}

/// A successful answer read whole, with the total from `X-Total-Count` when Eclipse sends it.
async fn read_whole(res: reqwest::Response) -> EclipseResult<Read> {
    let total = res
        .headers()
        .get("X-Total-Count")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let body = res.bytes().await.map_err(EclipseError::transport)?;
    Ok(Read { total, body })
}

/// A page of a list answer.
pub(super) fn page_of<T: DeserializeOwned>(
    read: &Read,
    params: &ListParams,
) -> EclipseResult<Page<T>> {
    Ok(Page {
        items: parse(&read.body)?,
        offset: params.offset,
        limit: params.limit,
        total: read.total,
    })
}

/// What a path segment must encode: all but RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A text (a config key) as one path segment: a `/`, `?` or `#` in it cannot reach another path. A text of
/// dots alone would still be resolved by the URL parser, encoded or not (`%2E%2E` is `..` to it): config keys
/// start with a letter or digit (`config_write_problem`), and the portal checks a key before sending it.
pub(super) fn segment(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

fn retryable(err: &EclipseError) -> bool {
    match err {
        EclipseError::Transport(_) => true,
        EclipseError::Api { status, .. } => matches!(status.as_u16(), 502..=504),
        EclipseError::Decode(_) => false,
    }
}

/// Calls under `/tenants/{tenantId}` with the admin's token. The tenant always comes from the session.
#[derive(Clone, Debug)]
pub struct TenantClient {
    client: EclipseClient,
    token: BearerToken,
    tenant_id: i64,
    /// Set while a page renders: its reads are shared (see `page_reads`).
    page_reads: Option<PageReads>,
}

impl std::fmt::Debug for EclipseClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EclipseClient")
    }
}

impl TenantClient {
    pub fn tenant_id(&self) -> i64 {
        self.tenant_id
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.request_to(
            method,
            format!("{}/tenants/{}{}", self.client.api_base, self.tenant_id, path),
        )
    }

    /// A request outside `/tenants/{id}` (`/global/…`); Eclipse limits it to the token's tenant.
    fn global_request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.request_to(method, format!("{}/global{}", self.client.api_base, path))
    }

    fn request_to(&self, method: Method, url: String) -> reqwest::RequestBuilder {
        self.client.http.request(method, url).header("Authorization", self.token.header_value())
    }

    /// Shares this client's reads with the rest of the page being rendered.
    pub fn sharing_reads(mut self, page_reads: Option<PageReads>) -> Self {
        self.page_reads = page_reads;
        self
    }

    /// A GET, retried with backoff on transport failures and 502/503/504 (reads are idempotent).
    async fn get_raw(&self, path: &str, query: &[(String, String)]) -> EclipseResult<Read> {
        self.get_with_retries(|| self.request(Method::GET, path).query(query)).await
    }

    async fn get_with_retries(
        &self,
        request: impl Fn() -> reqwest::RequestBuilder,
    ) -> EclipseResult<Read> {
        let fetch = || async {
            let mut attempt = 0;
            loop {
                let answer = match send(request()).await {
                    Ok(res) => read_whole(res).await,
                    Err(err) => Err(err),
                };
                match answer {
                    Err(err) if attempt < READ_RETRIES && retryable(&err) => {
                        attempt += 1;
                        tokio::time::sleep(Duration::from_millis(100 * 3u64.pow(attempt - 1)))
                            .await;
                    }
                    other => return other,
                }
            }
        };
        match &self.page_reads {
            Some(reads) => match request().build() {
                Ok(req) => reads.read(req.url().to_string(), fetch).await,
                Err(err) => Err(EclipseError::transport(err)),
            },
            None => fetch().await,
        }
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> EclipseResult<T> {
        parse(&self.get_raw(path, &[]).await?.body)
    }

    pub async fn get_page<T: DeserializeOwned>(
        &self,
        path: &str,
        params: &ListParams,
    ) -> EclipseResult<Page<T>> {
        page_of(&self.get_raw(path, &params.to_query()).await?, params)
    }

    pub async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> EclipseResult<T> {
        read_json(send(self.request(Method::POST, path).json(body)).await?).await
    }

    pub async fn put<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> EclipseResult<T> {
        read_json(send(self.request(Method::PUT, path).json(body)).await?).await
    }

    pub async fn delete(&self, path: &str) -> EclipseResult<()> {
        send(self.request(Method::DELETE, path)).await.map(|_| ())
    }

    /// A create's answer or, when that answer was lost (transport) or the create was a repeat (`DUP001`),
    /// the record the first attempt made, found by its `externalUniqueId` in `list_path`.
    pub async fn created_once<T: DeserializeOwned>(
        &self,
        result: EclipseResult<T>,
        list_path: &str,
        external_id: &str,
    ) -> EclipseResult<T> {
        match result {
            Err(err)
                if matches!(err, EclipseError::Transport(_)) || err.is(ErrorCode::Duplicate) =>
            {
                match self.find_by_external_id(list_path, external_id).await {
                    Ok(Some(found)) => Ok(found),
                    _ => Err(err),
                }
            }
            other => other,
        }
    }

    /// The first record of a list whose `externalUniqueId` is `id`: how a retry finds what a lost answer created.
    pub async fn find_by_external_id<T: DeserializeOwned>(
        &self,
        path: &str,
        id: &str,
    ) -> EclipseResult<Option<T>> {
        self.find_first(path, "externalUniqueId", id).await
    }

    /// The first record of a list whose `filter` parameter is `value`.
    async fn find_first<T: DeserializeOwned>(
        &self,
        path: &str,
        filter: &str,
        value: &str,
    ) -> EclipseResult<Option<T>> {
        let page: Page<T> = self.get_page(path, &ListParams::first_where(filter, value)).await?;
        Ok(page.items.into_iter().next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;
    use reqwest::StatusCode;

    #[test]
    fn endpoints_are_labelled_without_their_ids() {
        let path = format!("{API_PREFIX}/tenants/42/customers/9/wallets");
        assert_eq!(endpoint_of(&path), "/tenants/{id}/customers/{id}/wallets");
        assert_eq!(
            endpoint_of(&format!("{API_PREFIX}/tenants/42/config/passwordRegEx")),
            "/tenants/{id}/config/{id}"
        );
        assert_eq!(
            endpoint_of(&format!("{API_PREFIX}/authentication/login")),
            "/authentication/login"
        );
    }

    #[test]
    fn token_debug_is_redacted_and_jwt_strips_the_scheme() {
        let t = BearerToken::new("Bearer abc.def.ghi".into());
        assert_eq!(t.jwt(), "abc.def.ghi");
        assert!(!format!("{t:?}").contains("abc"));
    }

    #[test]
    fn eclipse_error_arrays_keep_code_description_and_trace_id() {
        let items: Vec<ErrorItem> = serde_json::from_str(
            r#"[{"type":"BUSINESS","severity":"LOW","description":"JWT has expired","code":"ARCH014",
                "traceId":"abc123","spanId":"def","environment":"sandbox"}]"#,
        )
        .unwrap();
        let err = EclipseError::Api { status: StatusCode::FORBIDDEN, items };
        assert!(err.is(ErrorCode::TokenExpired));
        let problem = err.problem().unwrap();
        assert_eq!(problem.code, ErrorCode::TokenExpired);
        assert_eq!(problem.invalid_field(), None);
        assert_eq!(problem.trace_id.as_deref(), Some("abc123"));
        match AppError::from(err) {
            AppError::Eclipse(p) => assert_eq!(p.description, "JWT has expired"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_field_error_is_read_from_the_structured_field_not_the_text() {
        let text = "Validation failed: dateOfBirth must be a date like 1990-03-15";
        let item = |field: Option<&str>| {
            let mut item = serde_json::json!({"type": "BUSINESS", "severity": "LOW", "description": text, "code": "VAL001"});
            if let Some(field) = field {
                item["field"] = field.into();
            }
            serde_json::from_value::<ErrorItem>(item).unwrap()
        };
        let problem = |item: ErrorItem| {
            EclipseError::Api { status: StatusCode::BAD_REQUEST, items: vec![item] }
                .problem()
                .unwrap()
        };
        let sandbox = problem(item(Some("dateOfBirth")));
        assert_eq!(
            sandbox.invalid_field(),
            Some(("dateOfBirth", "must be a date like 1990-03-15"))
        );
        // A real Eclipse names no field: the same text gives none.
        let vendor = item(None);
        assert!(
            serde_json::to_value(&vendor).unwrap().get("field").is_none(),
            "a vendor-shaped item stays vendor-shaped"
        );
        assert_eq!(problem(vendor).invalid_field(), None);
    }

    #[test]
    fn a_text_stays_one_path_segment() {
        assert_eq!(segment("cardManagementSystem"), "cardManagementSystem");
        assert_eq!(segment("a.b_c-d~e"), "a.b_c-d~e");
        assert_eq!(segment("a b?c#d%"), "a%20b%3Fc%23d%25");
        let client = EclipseClient::new(
            "http://127.0.0.1:9",
            Duration::from_secs(1),
            Duration::from_secs(1),
        )
        .tenant(BearerToken::new("Bearer x".into()), 42);
        let url = client
            .request(Method::DELETE, &format!("/config/{}", segment("../admin-users/5")))
            .build()
            .unwrap()
            .url()
            .to_string();
        assert!(url.ends_with("/tenants/42/config/..%2Fadmin-users%2F5"), "{url}");
    }

    #[test]
    fn a_401_ends_the_session() {
        let err = EclipseError::Api { status: StatusCode::UNAUTHORIZED, items: vec![] };
        assert_eq!(AppError::from(err), AppError::Unauthenticated);
    }
}
