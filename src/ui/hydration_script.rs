//! The page's bootstrap script, and the WebAssembly it starts after the page's first paint.
//!
//! Every page is complete HTML from the server; only its islands (`#[island]`: forms, dialogs, panels that
//! call server functions) run WebAssembly in the browser. The script:
//! - draws toasts, and shows those an island raised just before moving to another page (`ui::toast`);
//! - gives plain forms (sign-in, sign-out, the lists' searches) their pending state, and makes "Go back" work;
//! - runs a search form marked `data-live` as it is typed, and the idle warning (`auth::SessionTimer`): two
//!   behaviours that need no data of their own, so the customer list, like the sign-in page, loads no WASM;
//! - loads the WebAssembly only on a page with islands, after a frame has been painted (leptos's own
//!   `HydrationScripts` preloads it from the `<head>`, where it competes with the HTML and the stylesheet for a
//!   slow link), then hydrates each island;
//! - keeps what the user does before that: a click on an island's button, or a form sent with Enter, waits
//!   and happens once the island can answer it (typing is kept by `ui::early_input`).
use leptos::prelude::*;

/// The bootstrap's JavaScript: `js` and `wasm` are the asset paths.
const BOOTSTRAP: &str = r#"(function (js, wasm) {
	const toastHost = () => document.getElementById("toasts");
	window.__toast = (kind, text) => {
		const host = toastHost();
		if (!host) return;
		const toast = document.createElement("div");
		const tone = kind === "success" ? "bg-emerald-50 text-emerald-900 ring-emerald-200" : "bg-red-50 text-red-900 ring-red-200";
		toast.className = "pointer-events-auto rounded-lg px-4 py-3 text-sm shadow-lg ring-1 " + tone;
		toast.setAttribute("role", "status");
		toast.dataset.testid = "toast";
		toast.textContent = text;
		host.appendChild(toast);
		setTimeout(() => toast.remove(), 6000);
	};
	const CARRIED = "eclipse-admin.toasts";
	window.__toastAfterLoad = (kind, text) => {
		try {
			const carried = JSON.parse(sessionStorage.getItem(CARRIED) || "[]");
			carried.push([kind, text]);
			sessionStorage.setItem(CARRIED, JSON.stringify(carried));
		} catch (_) {}
	};
	try {
		const carried = JSON.parse(sessionStorage.getItem(CARRIED) || "[]");
		sessionStorage.removeItem(CARRIED);
		carried.forEach(([kind, text]) => window.__toast(kind, text));
	} catch (_) {}

	// A part of the page replaced by the same part of another address's page (the search as it is typed).
	let swaps = 0;
	window.__swap = async (href, id) => {
		const mine = ++swaps;
		try {
			const answer = await fetch(href, { credentials: "same-origin" });
			const page = new DOMParser().parseFromString(await answer.text(), "text/html");
			if (mine !== swaps) return;
			const fresh = page.getElementById(id), here = document.getElementById(id);
			if (answer.redirected || !fresh || !here) return location.assign(href);
			here.replaceWith(fresh);
			history.replaceState(null, "", href);
		} catch (_) {
			location.assign(href);
		}
	};

	document.addEventListener("click", (ev) => {
		if (ev.target.closest && ev.target.closest("[data-go-back]")) {
			ev.preventDefault();
			history.back();
		}
	});
	// A plain form shows that it was sent: its button is disabled and says so (islands have their own). Its
	// `data-keep` fields are typed again if the server answers with the form (a refused sign-in).
	const KEPT = "eclipse-admin.kept";
	try {
		const kept = JSON.parse(sessionStorage.getItem(KEPT) || "null");
		sessionStorage.removeItem(KEPT);
		if (kept) for (const [id, value] of Object.entries(kept)) {
			const field = document.getElementById(id);
			if (field && field.hasAttribute("data-keep") && !field.value) field.value = value;
		}
	} catch (_) {}
	document.addEventListener("submit", (ev) => {
		const form = ev.target;
		if (ev.defaultPrevented || form.closest("leptos-island")) return;
		const keep = {};
		form.querySelectorAll("[data-keep]").forEach((field) => (keep[field.id] = field.value));
		try { sessionStorage.setItem(KEPT, JSON.stringify(keep)); } catch (_) {}
		const button = form.querySelector("button[data-pending]");
		if (button) {
			button.dataset.label = button.textContent;
			button.disabled = true;
			button.textContent = button.dataset.pending;
		}
	});
	// Back to a page kept in memory: its forms can be sent again.
	addEventListener("pageshow", (ev) => {
		if (!ev.persisted) return;
		document.querySelectorAll("button[data-pending][disabled]").forEach((button) => {
			button.disabled = false;
			button.textContent = button.dataset.label;
		});
	});

	// A search form marked `data-live="<id>"`: its results (the element <id>) follow the typing after a pause,
	// replaced in place so the box keeps the focus; a choice in a list searches at once. Empty fields are left
	// out of the address, and the page goes back to the first (no `page` field).
	const search = (form, pause) => {
		clearTimeout(form.__pause);
		form.__pause = setTimeout(() => {
			const query = new URLSearchParams();
			for (const [name, value] of new FormData(form)) if (String(value).trim()) query.set(name, String(value).trim());
			const text = query.toString();
			window.__swap(location.pathname + (text ? "?" + text : ""), form.dataset.live);
		}, pause);
	};
	document.addEventListener("input", (ev) => {
		const form = ev.target.form;
		if (form && form.dataset.live) search(form, ev.target.tagName === "SELECT" ? 0 : 300);
	});
	// Typed before this script ran: search for it now.
	document.querySelectorAll("form[data-live]").forEach((form) => {
		const box = form.querySelector("input[name=q]");
		if (box && box.value !== box.defaultValue) search(form, 0);
	});

	// The idle warning (`auth::SessionTimer`): shown for its last seconds, then the session has ended and the
	// user signs in again, coming back to this page.
	const timer = document.querySelector("[data-session-timer]");
	if (timer) {
		const idle = Number(timer.dataset.idle), warning = Number(timer.dataset.warning);
		const left = timer.querySelector("[data-left]"), stay = timer.querySelector("[data-stay]");
		let active = performance.now();
		const ended = () => location.assign(timer.dataset.signInAgain + encodeURIComponent(location.pathname + location.search));
		setInterval(() => {
			const secs = idle - (performance.now() - active) / 1000;
			if (secs <= 0) return ended();
			const whole = Math.floor(secs);
			left.textContent = Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
			timer.hidden = secs > warning;
		}, 1000);
		stay.addEventListener("click", async () => {
			const label = stay.textContent;
			stay.disabled = true;
			stay.textContent = stay.dataset.pending;
			try {
				const answer = await fetch(timer.dataset.keepAlive, {
					method: "POST", credentials: "same-origin",
					headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
				});
				if (answer.status === 401) return ended();
				if (answer.ok) {
					active = performance.now();
					timer.hidden = true;
				}
			} catch (_) {}
			stay.disabled = false;
			stay.textContent = label;
		});
	}

	if (!document.querySelector("leptos-island")) {
		window.__hydrated = true;
		return;
	}
	// Until the islands answer, their clicks and submits wait.
	const waiting = [];
	const hold = (ev) => {
		const island = ev.target.closest && ev.target.closest("leptos-island");
		if (!island) return;
		if (ev.type === "submit") {
			ev.preventDefault();
			waiting.push(() => ev.target.requestSubmit());
			return;
		}
		const control = ev.target.closest("button, input[type=submit]");
		if (control) {
			ev.preventDefault();
			ev.stopPropagation();
			waiting.push(() => control.click());
		}
	};
	document.addEventListener("click", hold, true);
	document.addEventListener("submit", hold, true);
	let started = false;
	const start = () => {
		if (started) return;
		started = true;
		const bytes = fetch(wasm);
		import(js).then((mod) => mod.default({ module_or_path: bytes }).then(async () => {
			mod.hydrate();
			const childHooks = [];
			const walk = async (node) => {
				for (const el of Array.from(node.children)) {
					if (el.tagName === "LEPTOS-ISLAND") {
						const hook = childHooks[childHooks.length - 1];
						if (hook) hook();
						const island = mod[el.dataset.component];
						if (island) await island(el);
						else console.warn("No code for the island " + el.dataset.component);
					} else if (el.tagName === "LEPTOS-CHILDREN") {
						childHooks.push(el.$$on_hydrate);
						await walk(el);
						childHooks.pop();
						continue;
					}
					await walk(el);
				}
			};
			await walk(document.body);
			// Suspended parts of islands finish in tasks hydration queued; a timeout runs after them.
			setTimeout(() => {
				mod.islands_hydrated();
				document.removeEventListener("click", hold, true);
				document.removeEventListener("submit", hold, true);
				waiting.forEach((replay) => replay());
				window.__hydrated = true;
			}, 0);
		}));
	};
	// A timeout queued from an animation frame runs once that frame is painted.
	requestAnimationFrame(() => setTimeout(start, 0));
	// Backstop: a tab opened in the background paints no frames until it is shown.
	setTimeout(start, 250);
})"#;

/// The file names (without extension) of the JS glue and the WASM under the pkg directory, as
/// cargo-leptos wrote them: with the content hashes from the hash file beside the server binary when
/// `hash-files` is on (the server turns it off at start-up when that file is missing).
fn asset_names(options: &LeptosOptions) -> (String, String) {
    let name = options.output_name.to_string();
    if options.hash_files {
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(&*options.hash_file)))
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default();
        return hashed_names(&name, &hashes);
    }
    // wasm-bindgen's own name for the WASM, used when cargo-leptos did not name the output
    let wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_none() { format!("{name}_bg") } else { name.clone() };
    (name, wasm)
}

/// The names with the hashes of the hash file (`js: <hash>` and `wasm: <hash>` lines) appended.
fn hashed_names(name: &str, hashes: &str) -> (String, String) {
    let (mut js, mut wasm) = (name.to_string(), name.to_string());
    for (file, hash) in hashes.lines().filter_map(|line| line.split_once(':')) {
        match file.trim() {
            "js" => js = format!("{name}.{}", hash.trim()),
            "wasm" => wasm = format!("{name}.{}", hash.trim()),
            _ => {}
        }
    }
    (js, wasm)
}

#[component]
pub fn HydrateAfterFirstPaint(options: LeptosOptions) -> impl IntoView {
    // The names cannot change while the server runs: the hash file is read once, not on every page.
    static CALL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let call = CALL.get_or_init(|| {
        let (js, wasm) = asset_names(&options);
        let pkg = &options.site_pkg_dir;
        format!("{BOOTSTRAP}({:?}, {:?})", format!("/{pkg}/{js}.js"), format!("/{pkg}/{wasm}.wasm"))
    });
    // What follows in the page is not hydrated as a whole: islands say which parts are.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    view! { <script type="module" nonce=use_nonce()>{call.as_str()}</script> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_file_names_the_js_and_the_wasm() {
        let hashes = "js: ROmV2hKwaueGtEp1H-_84Q\nwasm: e6FI_0YtrrSLit8CvgQPDQ\ncss: HMFX7n6oOnq54WI7_wPVZg\n";
        let (js, wasm) = hashed_names("eclipse-admin", hashes);
        assert_eq!(js, "eclipse-admin.ROmV2hKwaueGtEp1H-_84Q");
        assert_eq!(wasm, "eclipse-admin.e6FI_0YtrrSLit8CvgQPDQ");
    }

    #[test]
    fn without_hashes_the_names_are_the_output_name() {
        let options = LeptosOptions::builder().output_name("eclipse-admin").hash_files(false).build();
        let (js, wasm) = asset_names(&options);
        assert_eq!(js, "eclipse-admin");
        assert!(wasm == "eclipse-admin" || wasm == "eclipse-admin_bg", "{wasm}");
    }
}
