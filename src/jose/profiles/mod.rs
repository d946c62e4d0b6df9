//! Koppeltaal and generic token profiles.
