//! The light / dark / system theme switch.

use yew::prelude::*;

use crate::app::browser::{self, Theme};

/// Cycles the colour scheme: follow the system → light → dark.
#[function_component(ThemeToggle)]
pub fn theme_toggle() -> Html {
    let theme = use_state(browser::stored_theme);
    {
        let theme = *theme;
        use_effect_with(theme, move |theme| browser::apply_theme(*theme));
    }
    let onclick = {
        let theme = theme.clone();
        Callback::from(move |_| theme.set(theme.next()))
    };
    let (icon, name) = match *theme {
        Theme::System => ("◐", "system"),
        Theme::Light => ("☀", "light"),
        Theme::Dark => ("☾", "dark"),
    };
    html! {
        <button type="button" class="button ghost theme-toggle" data-testid="theme-toggle"
            data-theme-choice={theme.as_str()}
            title="Switch colour scheme" aria-label={format!("Colour scheme: {name}. Switch")}
            {onclick}>
            <span aria-hidden="true">{icon}</span>
            <span class="theme-name">{name}</span>
        </button>
    }
}
