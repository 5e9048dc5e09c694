//! The playground's web worker: work needed only when a user asks for it, kept out of the
//! first load — the Elixir export (its code and long templates) and packing a share link
//! (the deflate compressor). Built by `scripts/build-worker.sh` (a Trunk post-build hook).
//! A request is `elixir\n<scenario JSON>` or `link\n<link state JSON>`; the answer is
//! `ok\n<text>` or `error\n<what went wrong>`.

/// Answers one request (pure, so it is tested natively too).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn answer(request: &str) -> Result<String, String> {
    let (what, body) = request.split_once('\n').unwrap_or((request, ""));
    match what {
        "elixir" => otp_sim::Scenario::from_json(body)
            .map(|s| otp_sim::elixir::export(&s))
            .map_err(|errs| {
                errs.iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
        "link" => Ok(otp_playground::share::encode_json(body.as_bytes())),
        other => Err(format!("unknown request `{other}`")),
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let out = match answer(&e.data().as_string().unwrap_or_default()) {
            Ok(text) => format!("ok\n{text}"),
            Err(err) => format!("error\n{err}"),
        };
        let _ = reply.post_message(&wasm_bindgen::JsValue::from_str(&out));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page wants it: so must its handler.
    on_message.forget();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("worker is a web worker: build it for wasm32 (scripts/build-worker.sh)");
}

#[cfg(test)]
mod tests {
    use super::answer;

    #[test]
    fn answers_both_requests_and_names_bad_ones() {
        let json = include_str!("../../scenarios/db_one_for_all.json");
        let code = answer(&format!("elixir\n{json}")).expect("exports");
        assert!(code.contains("strategy: :one_for_all"), "{code}");
        let link = answer("link\n{\"scenario\":\"x\",\"t\":0}").expect("packs");
        assert!(link.starts_with("v1."));
        assert!(answer("elixir\n{broken").is_err());
        assert!(answer("nonsense").unwrap_err().contains("unknown request"));
    }
}
