//! Small widgets with one job each. None of them does any cryptography: the pages ask the
//! crypto worker or the engine and hand the results in.

mod copy_button;
mod download_button;
mod error_message;
mod explained_table;
mod findings_list;
mod json_view;
mod key_select;
mod nav;
mod scope_table;
mod theme_toggle;
mod verdict_banner;

pub use copy_button::CopyButton;
pub use download_button::DownloadButton;
pub use error_message::ErrorMessage;
pub use explained_table::explained_members;
pub use findings_list::FindingsList;
pub use json_view::{pretty_json, JsonView};
pub use key_select::{use_synced_select, KeySelect};
pub use nav::Nav;
pub use scope_table::ScopeTable;
pub use theme_toggle::ThemeToggle;
pub use verdict_banner::VerdictBanner;
