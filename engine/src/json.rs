//! Strict JSON for headers, payloads, JWKs and JWK sets.
//!
//! `serde_json::from_str::<Value>` silently keeps the *last* of two members with the same name,
//! while other parsers keep the first. A token whose header says `"alg":"none"` to one parser
//! and `"alg":"RS256"` to another is a parser-differential attack, so duplicate member names are
//! an error here (RFC 7515 §5.2 step 4 / RFC 8725 §3.7). Nesting is capped at
//! [`limits::MAX_JSON_DEPTH`] so a paste cannot exhaust the stack.
//!
//! The value is built by our own `DeserializeSeed`, which lets serde_json attach the line and
//! column to our custom errors just as it does to syntax errors.

use core::cell::RefCell;
use core::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::limits;

/// What went wrong while parsing JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonErrorKind {
    /// Not JSON at all, or broken JSON; the text is serde_json's explanation.
    Syntax(String),
    /// An object has two members with the same name.
    DuplicateMember(String),
    /// Objects/arrays nested deeper than [`limits::MAX_JSON_DEPTH`].
    TooDeep,
}

/// JSON that [`parse_strict`] refused, with the 1-based line and column where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What is wrong.
    pub kind: JsonErrorKind,
    /// 1-based line (0 when serde_json could not tell).
    pub line: usize,
    /// 1-based column (0 when serde_json could not tell).
    pub column: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            JsonErrorKind::Syntax(message) => f.write_str(message)?,
            JsonErrorKind::DuplicateMember(name) => write!(
                f,
                "duplicate member {name:?}: each name may appear only once, because parsers \
                 disagree on which copy wins"
            )?,
            JsonErrorKind::TooDeep => {
                write!(f, "nested deeper than {} levels", limits::MAX_JSON_DEPTH)?
            }
        }
        if self.line > 0 {
            write!(f, " (line {}, column {})", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for JsonError {}

/// Parses JSON text, refusing duplicate member names and excessive nesting.
pub fn parse_strict(text: &str) -> Result<Value, JsonError> {
    let problem = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = StrictValue {
        depth: 0,
        problem: &problem,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    parsed.map_err(|err| {
        // Our own errors leave their kind in `problem`; everything else is a syntax error.
        let kind = problem
            .into_inner()
            .unwrap_or_else(|| JsonErrorKind::Syntax(syntax_message(&err)));
        JsonError {
            kind,
            line: err.line(),
            column: err.column(),
        }
    })
}

/// serde_json's message without its own " at line X column Y" suffix (we print ours).
fn syntax_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message,
    }
}

/// Deserializes one JSON value at a given depth, recording why it refused in `problem`.
#[derive(Clone, Copy)]
struct StrictValue<'p> {
    depth: usize,
    problem: &'p RefCell<Option<JsonErrorKind>>,
}

impl StrictValue<'_> {
    fn fail<E: de::Error>(self, kind: JsonErrorKind) -> E {
        let message = match &kind {
            JsonErrorKind::DuplicateMember(name) => format!("duplicate member {name:?}"),
            JsonErrorKind::TooDeep => "nested too deeply".to_owned(),
            JsonErrorKind::Syntax(message) => message.clone(),
        };
        *self.problem.borrow_mut() = Some(kind);
        E::custom(message)
    }

    fn nested<E: de::Error>(self) -> Result<Self, E> {
        if self.depth >= limits::MAX_JSON_DEPTH {
            Err(self.fail(JsonErrorKind::TooDeep))
        } else {
            Ok(StrictValue {
                depth: self.depth + 1,
                problem: self.problem,
            })
        }
    }
}

impl<'de> DeserializeSeed<'de> for StrictValue<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON text cannot spell NaN or infinity, so this only yields Null for impossible input.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let element = self.nested()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(element)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let member = self.nested()?;
        let mut object = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            if object.contains_key(&name) {
                return Err(self.fail(JsonErrorKind::DuplicateMember(name)));
            }
            let value = map.next_value_seed(member)?;
            object.insert(name, value);
        }
        Ok(Value::Object(object))
    }
}

/// What kind of JSON value this is, as a phrase for messages: "a string", "an array", ….
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ordinary_json_keeping_member_order() {
        let value = parse_strict(r#"{"b":1,"a":[true,null,"x",-2,1.5]}"#).unwrap();
        let names: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(names, ["b", "a"]);
        assert_eq!(value["a"][3], -2);
    }

    #[test]
    fn rejects_duplicate_member_with_line_and_column() {
        let err = parse_strict("{\"alg\":\"RS256\",\n \"alg\":\"none\"}").unwrap_err();
        assert_eq!(err.kind, JsonErrorKind::DuplicateMember("alg".into()));
        assert_eq!(err.line, 2);
        assert!(err.column > 0);
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn rejects_duplicates_in_nested_objects() {
        let err = parse_strict(r#"{"a":[{"x":1,"x":2}]}"#).unwrap_err();
        assert_eq!(err.kind, JsonErrorKind::DuplicateMember("x".into()));
    }

    #[test]
    fn accepts_nesting_up_to_the_limit_and_rejects_one_more() {
        let nested = |levels: usize| "[".repeat(levels) + &"]".repeat(levels);
        assert!(parse_strict(&nested(limits::MAX_JSON_DEPTH)).is_ok());
        let err = parse_strict(&nested(limits::MAX_JSON_DEPTH + 1)).unwrap_err();
        assert_eq!(err.kind, JsonErrorKind::TooDeep);
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let err = parse_strict("{\"a\":1,}").unwrap_err();
        assert!(matches!(err.kind, JsonErrorKind::Syntax(_)));
        assert_eq!((err.line, err.column), (1, 8));
        assert!(!err.to_string().contains(" at line "), "{err}");
    }

    #[test]
    fn rejects_trailing_garbage() {
        assert!(parse_strict("{} x").is_err());
    }
}
