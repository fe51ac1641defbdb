//! The sign-in pages: identity and password, then the second factor when Eclipse asks for one. Plain HTML
//! forms: they work before any script has loaded.
use crate::{
    auth::{second_factor_page, AbandonSignIn, Enrolment, Login, LoginSecondFactor, SecondStep},
    error::AppError,
    ui::{error::ErrorPanel, icons::BrandMark},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The frame both steps share: the brand and a card with the step's title.
#[component]
fn SignInCard(title: &'static str, lead: &'static str, children: Children) -> impl IntoView {
    view! {
        <main class="min-h-screen flex items-center justify-center bg-slate-100 px-4">
            <div class="w-full max-w-sm">
                <div class="mb-6 flex items-center justify-center gap-2 text-slate-900">
                    <BrandMark />
                    <span class="text-xl font-semibold tracking-tight">"Eclipse Admin"</span>
                </div>
                <div class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                    <h1 class="text-lg font-semibold text-slate-900">{title}</h1>
                    <p class="mt-1 text-sm text-slate-600">{lead}</p>
                    {children()}
                </div>
            </div>
        </main>
    }
}

/// A refused step's message, with Eclipse's reference when there is one.
#[component]
fn StepError(error: AppError) -> impl IntoView {
    view! {
        <div class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
            <p>{error.to_string()}</p>
            {error.reference().map(|r| view! { <p class="mt-1 text-xs text-red-700">"Reference: " <code>{r.to_owned()}</code></p> })}
        </div>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let notice = move || {
        let q = query.read();
        if q.get("expired").is_some() {
            Some("Your session ended. Sign in again to continue where you were.")
        } else if q.get("signed_out").is_some() {
            Some("You are signed out.")
        } else {
            None
        }
    };
    let error = move || login.value().get().and_then(|r| r.err());

    view! {
        <Title text="Sign in · Eclipse Admin" />
        <SignInCard title="Sign in" lead="Use your Eclipse admin identity.">
            {move || notice().map(|text| view! {
                <p class="mt-4 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-800" role="status">{text}</p>
            })}
            <ActionForm action=login attr:class="mt-5 space-y-4">
                <input type="hidden" name="next" value=next />
                <div>
                    <label for="identity" class="label">"Identity"</label>
                    // A refused sign-in comes back as this page: the bootstrap script types the identity again.
                    <input id="identity" name="identity" class="input" required autocomplete="username" autofocus data-keep />
                </div>
                <div>
                    <label for="password" class="label">"Password"</label>
                    <input id="password" name="password" type="password" class="input" required autocomplete="current-password" />
                </div>
                {move || error().map(|error| view! { <StepError error /> })}
                <button type="submit" class="btn-primary w-full" data-pending="Signing in…">"Sign in"</button>
            </ActionForm>
        </SignInCard>
    }
}

/// The second step: a one-time code, after enrolling an authenticator when the tenant requires one.
#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let step = Resource::new(|| (), |_| second_factor_page());
    view! {
        <Title text="One-time code · Eclipse Admin" />
        <Suspense fallback=|| view! { <p class="p-6 text-sm text-slate-600">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match step.await {
                    Ok(Some(step)) => view! { <CodeStep step /> }.into_any(),
                    Ok(None) => view! {
                        <SignInCard title="Sign-in expired" lead="This sign-in waited too long, or has ended.">
                            <a href="/login" class="btn-primary mt-5 w-full">"Sign in again"</a>
                        </SignInCard>
                    }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CodeStep(step: SecondStep) -> impl IntoView {
    let verify = ServerAction::<LoginSecondFactor>::new();
    let abandon = ServerAction::<AbandonSignIn>::new();
    let error = move || verify.value().get().and_then(|r| r.err());
    let (title, lead) = match step.enrolment {
        Some(_) => (
            "Set up your second factor",
            "Your tenant asks for a one-time code at sign-in. Add this account to an authenticator app, then enter the code it shows.",
        ),
        None => ("Enter your one-time code", "Open your authenticator app and enter the code it shows now."),
    };
    view! {
        <SignInCard title lead>
            <p class="mt-3 text-sm text-slate-700">"Signing in as " <strong data-testid="second-factor-identity">{step.identity}</strong></p>
            {step.enrolment.map(|enrolment| view! { <EnrolmentSecret enrolment /> })}
            <ActionForm action=verify attr:class="mt-5 space-y-4">
                <div>
                    <label for="code" class="label">"One-time code"</label>
                    <input id="code" name="code" class="input font-mono tracking-widest" required autofocus
                        inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6"
                        aria-describedby="code-help" />
                    <p id="code-help" class="mt-1 text-xs text-slate-500">"6 digits; a new one every 30 seconds, each usable once."</p>
                </div>
                {move || error().map(|error| view! { <StepError error /> })}
                <button type="submit" class="btn-primary w-full" data-pending="Checking…">"Verify and sign in"</button>
            </ActionForm>
            <ActionForm action=abandon attr:class="mt-3">
                <button type="submit" class="btn-secondary w-full">"Start again"</button>
            </ActionForm>
        </SignInCard>
    }
}

/// The new secret, once: the QR code an authenticator scans, and the key to type where it cannot.
#[component]
fn EnrolmentSecret(enrolment: Enrolment) -> impl IntoView {
    let key = enrolment
        .secret
        .as_bytes()
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <div class="mt-4 rounded-lg border border-slate-200 p-4">
            <div class="mx-auto w-48 bg-white" role="img" aria-label="QR code of your new authenticator key"
                data-testid="enrolment-qr" inner_html=enrolment.qr_svg></div>
            <p class="mt-3 text-xs text-slate-600">"Cannot scan? Enter this key (time-based, 6 digits):"</p>
            <p class="mt-1 break-all font-mono text-sm text-slate-900" data-testid="enrolment-key">{key}</p>
            <p class="mt-2 text-xs text-slate-500">"It is shown only now. It counts once a code from it is accepted."</p>
        </div>
    }
}
