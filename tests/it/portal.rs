//! The portal's router with its embedded sandbox, called as a browser would call it.
#![allow(dead_code)]

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    Router,
};
use eclipse_admin::clock::Clock;
use eclipse_admin::{config::PortalConfig, server};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub const PASSWORD: &str = "Eclipse-Demo-2026";

pub struct Portal {
    app: Router,
    _dir: tempfile::TempDir,
}

pub struct Answer {
    pub status: StatusCode,
    pub cookie: Option<String>,
    /// The whole `Set-Cookie` header, attributes included.
    pub set_cookie: Option<String>,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Portal {
    pub async fn start() -> Portal {
        Portal::start_with(|_| {}).await
    }

    /// A portal whose configuration `adjust` changes first.
    pub async fn start_with(adjust: impl FnOnce(&mut PortalConfig)) -> Portal {
        Portal::start_on(Clock::default(), adjust).await
    }

    /// A portal (and its embedded sandbox) going by `clock`, which the test moves forward.
    pub async fn start_on(clock: Clock, adjust: impl FnOnce(&mut PortalConfig)) -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let mut config =
            PortalConfig::load(concat!(env!("CARGO_MANIFEST_DIR"), "/Leptos.toml")).unwrap();
        config.data_dir = dir.path().to_path_buf();
        adjust(&mut config);
        Portal { app: server::build_on(config, clock).await.unwrap(), _dir: dir }
    }

    /// A GET with a session: status, headers and the body's bytes.
    pub async fn get_bytes(
        &self,
        path: &str,
        cookie: &str,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let req = Request::get(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap();
        let res = self.app.clone().oneshot(req).await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        (status, headers, res.into_body().collect().await.unwrap().to_bytes().to_vec())
    }

    /// A page request without a session: its status and `Location`.
    pub async fn get_page(&self, path: &str) -> (StatusCode, Option<String>) {
        let res = self
            .app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let location =
            res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
        (res.status(), location)
    }

    /// The second step of the sign-in waiting in `cookie`'s session.
    pub async fn send_code(&self, cookie: Option<&str>, code: &str) -> Answer {
        let body = format!("code={code}");
        self.call("/api/login/second_factor", &body, cookie, &[]).await
    }

    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub async fn call(
        &self,
        path: &str,
        body: &str,
        cookie: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Answer {
        self.call_from(None, path, body, cookie, extra).await
    }

    /// A call as it arrives from the network peer `peer` (what `ConnectInfo` says in production).
    pub async fn call_from(
        &self,
        peer: Option<std::net::SocketAddr>,
        path: &str,
        body: &str,
        cookie: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Answer {
        let mut req =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let mut req = req.body(Body::from(body.to_owned())).unwrap();
        if let Some(peer) = peer {
            req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        }
        self.send(req).await
    }

    pub async fn send(&self, req: Request<Body>) -> Answer {
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let set_cookie =
            res.headers().get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let cookie = set_cookie.as_deref().map(|v| v.split(';').next().unwrap().to_owned());
        let headers = res.headers().clone();
        let body = String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes())
            .into_owned();
        Answer { status, cookie, set_cookie, headers, body }
    }

    pub async fn sign_in(&self, identity: &str) -> String {
        let answer = self
            .call(
                "/api/login",
                &format!("identity={identity}&password={PASSWORD}&next=/"),
                None,
                &[],
            )
            .await;
        assert!(
            answer.status.is_success() || answer.status.is_redirection(),
            "{} {}",
            answer.status,
            answer.body
        );
        let cookie = answer.cookie.expect("a session cookie");
        let location = answer.headers.get(header::LOCATION);
        if location.is_none_or(|to| to != eclipse_admin::auth::sign_in::SECOND_FACTOR_PATH) {
            return cookie;
        }
        // A demo user with a second factor: this step's code, or the next one's when it was used.
        for code in crate::common::demo_codes(identity) {
            let answer = self.send_code(Some(&cookie), &code).await;
            if answer.status.is_success() {
                return answer.cookie.unwrap_or(cookie);
            }
        }
        panic!("{identity}: neither code was accepted");
    }
}

/// A signed-in admin whose calls must succeed, answering their JSON.
pub struct Admin<'a> {
    pub portal: &'a Portal,
    pub cookie: String,
}

impl<'a> Admin<'a> {
    pub async fn sign_in(portal: &'a Portal, identity: &str) -> Admin<'a> {
        Admin { portal, cookie: portal.sign_in(identity).await }
    }

    /// Each of `identities` signed in, one after the other, as the test names them.
    pub async fn sign_in_each<const N: usize>(
        portal: &'a Portal,
        identities: [&str; N],
    ) -> [Admin<'a>; N] {
        let mut admins = Vec::with_capacity(N);
        for identity in identities {
            admins.push(Admin::sign_in(portal, identity).await);
        }
        admins.try_into().unwrap_or_else(|_| unreachable!("one admin per identity"))
    }

    /// A call whose answer the test judges itself: status and body as they came.
    pub async fn answer(&self, path: &str, body: &str) -> Answer {
        self.portal.call(path, body, Some(&self.cookie), &[]).await
    }

    pub async fn call(&self, path: &str, body: &str) -> Value {
        let answer = self.answer(path, body).await;
        assert!(answer.status.is_success(), "{path}: {} {}", answer.status, answer.body);
        serde_json::from_str(&answer.body).unwrap_or_else(|_| panic!("JSON: {}", answer.body))
    }

    /// Sets a wallet's status; `reason` as the form sends it (URL-encoded).
    pub async fn set_wallet_status(&self, wallet_id: i64, status: &str, reason: &str) -> Value {
        let body = format!("wallet_id={wallet_id}&status={status}&reason={reason}");
        self.call("/api/wallets/set_status", &body).await
    }
}
