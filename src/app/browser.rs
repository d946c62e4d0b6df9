//! The few browser facilities the views need: the clock, the clipboard, downloads, the theme and
//! the page URL. Each returns an error instead of panicking, because a panic in wasm kills the
//! page and loses the user's work.

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

/// The current time in whole Unix seconds, read from the browser (the engine never reads a clock).
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Copies `text` to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|err| {
            format!(
                "the browser refused clipboard access ({})",
                js_error_text(&err)
            )
        })
}

/// Offers `content` as a file download named `filename`, through a short-lived Blob URL.
pub fn download(filename: &str, mime: &str, content: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|err| js_error_text(&err))?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|err| js_error_text(&err))?;
    let anchor = document
        .create_element("a")
        .map_err(|err| js_error_text(&err))?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "could not create a link")?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    // The click has started the download; the URL is no longer needed.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The colour scheme the user picked with the theme toggle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Follow the operating system (`prefers-color-scheme`).
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// The `data-theme` attribute value on `<html>`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The next theme in the toggle's cycle.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    fn from_str(value: &str) -> Theme {
        match value {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

const THEME_STORAGE_KEY: &str = "kjd-theme";

/// The theme remembered from last time (only the theme is ever stored, never a key or token).
pub fn stored_theme() -> Theme {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .and_then(|storage| storage.get_item(THEME_STORAGE_KEY).ok().flatten())
        .map(|value| Theme::from_str(&value))
        .unwrap_or(Theme::System)
}

/// Applies `theme` to the page and remembers it.
pub fn apply_theme(theme: Theme) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(root) = window
        .document()
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.set_item(THEME_STORAGE_KEY, theme.as_str());
    }
}

/// The page address without its fragment, e.g. `https://example.org/debugger/`.
pub fn page_base_url() -> Option<String> {
    let location = web_sys::window()?.location();
    let origin = location.origin().ok()?;
    let path = location.pathname().ok()?;
    Some(format!("{origin}{path}"))
}

/// The absolute URL of a file of this build (e.g. `full_app.js`), which sits next to the page.
pub fn built_file_url(name: &str) -> Result<String, String> {
    let base = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.base_uri().ok().flatten())
        .ok_or_else(|| "the page has no base URL".to_owned())?;
    web_sys::Url::new_with_base(name, &base)
        .map(|url| url.href())
        .map_err(|err| js_error_text(&err))
}

/// A link that opens `token` in the Decoder, with the receiver's expectations (never a key).
/// Both travel in the fragment, which browsers never send to a server.
pub fn decoder_share_link(token: &str, expect: &crate::app::expect::ExpectationsDraft) -> Option<String> {
    let encode = |value: &str| String::from(js_sys::encode_uri_component(value));
    let extra = expect.to_query(encode);
    Some(format!("{}#/decode?token={}{extra}", page_base_url()?, encode(token)))
}

/// The value of `name` in a query string such as `?token=abc&x=1`, percent-decoded.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query.trim_start_matches('?').split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then(|| percent_decode(value))
    })
}

fn percent_decode(value: &str) -> String {
    let with_spaces = value.replace('+', " ");
    match js_sys::decode_uri_component(&with_spaces) {
        Ok(decoded) => String::from(decoded),
        Err(_) => with_spaces,
    }
}

/// The message of a JavaScript error value, for showing to the user.
pub fn js_error_text(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value
        .as_string()
        .unwrap_or_else(|| "unknown browser error".to_owned())
}
