//! A button that saves a text as a file.

use yew::prelude::*;

use crate::app::browser;
use crate::app::components::ErrorMessage;

/// Props for [`DownloadButton`].
#[derive(Properties, PartialEq)]
pub struct DownloadButtonProps {
    /// The file's content.
    pub content: AttrValue,
    /// The suggested file name, e.g. `jwks.json`.
    pub filename: AttrValue,
    /// The MIME type, e.g. `application/json`.
    #[prop_or(AttrValue::Static("text/plain"))]
    pub mime: AttrValue,
    /// The `data-testid`.
    pub testid: AttrValue,
    /// The button caption.
    #[prop_or(AttrValue::Static("Download"))]
    pub label: AttrValue,
}

/// Offers [`DownloadButtonProps::content`] as a download through a Blob URL (nothing leaves the
/// browser).
#[function_component(DownloadButton)]
pub fn download_button(props: &DownloadButtonProps) -> Html {
    let error = use_state(|| None::<AttrValue>);
    let onclick = {
        let error = error.clone();
        let content = props.content.clone();
        let filename = props.filename.clone();
        let mime = props.mime.clone();
        Callback::from(move |_| {
            let outcome = browser::download(&filename, &mime, &content);
            error.set(
                outcome
                    .err()
                    .map(|message| format!("Download failed: {message}").into()),
            );
        })
    };
    html! {
        <>
            <button type="button" class="button secondary small" data-testid={props.testid.clone()}
                title={format!("Save as {}", props.filename)} {onclick}>
                {props.label.clone()}
            </button>
            <ErrorMessage testid={format!("{}-error", props.testid)} message={(*error).clone()} />
        </>
    }
}
