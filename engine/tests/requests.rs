//! The SHOF authorize URL and the `curl` commands around Koppeltaal tokens.

use jose::profiles::requests::{
    authorization_code_curl, introspection_curl, jwks_check_curl, AuthorizeRequest, SHOF_SCOPE,
};

fn authorize() -> AuthorizeRequest {
    AuthorizeRequest {
        authorize_endpoint: "https://auth.example/oauth2/authorize".to_owned(),
        client_id: "module-1".to_owned(),
        redirect_uri: "https://module.example/shof?x=1".to_owned(),
        state: "st&ate".to_owned(),
        aud: "https://fhir.example/fhir".to_owned(),
        launch: "a.b.c".to_owned(),
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".to_owned(),
        nonce: String::new(),
    }
}

/// The query parameters of a URL, decoded (`+` is a space in a form-encoded query).
fn query(url: &str) -> Vec<(String, String)> {
    let (_, query) = url.split_once('?').expect("a query");
    query
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').expect("name=value");
            (name.to_owned(), decode(value))
        })
        .collect()
}

fn decode(value: &str) -> String {
    let bytes = value.replace('+', " ").into_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn the_authorize_url_carries_every_shof_parameter() {
    let url = authorize().url();
    assert!(url.starts_with("https://auth.example/oauth2/authorize?response_type=code&"));
    let expected = [
        ("response_type", "code"),
        ("client_id", "module-1"),
        ("redirect_uri", "https://module.example/shof?x=1"),
        ("scope", SHOF_SCOPE),
        ("state", "st&ate"),
        ("aud", "https://fhir.example/fhir"),
        ("launch", "a.b.c"),
        ("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
        ("code_challenge_method", "S256"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    assert_eq!(query(&url), expected);
}

#[test]
fn the_authorize_url_adds_a_nonce_only_when_one_is_given() {
    let mut request = authorize();
    request.nonce = "n-1".to_owned();
    assert!(query(&request.url()).contains(&("nonce".to_owned(), "n-1".to_owned())));
    assert!(!authorize().url().contains("nonce="));
}

#[test]
fn an_endpoint_with_a_query_gets_its_parameters_appended() {
    let mut request = authorize();
    request.authorize_endpoint = "https://auth.example/authorize?tenant=a".to_owned();
    assert!(request.url().starts_with("https://auth.example/authorize?tenant=a&response_type=code&"));
}

#[test]
fn the_code_exchange_sends_code_verifier_and_client_assertion() {
    let curl = authorization_code_curl(
        "https://auth.example/oauth2/token",
        "c0de",
        "https://module.example/shof",
        "verifier-1",
        "x.y.z",
    );
    assert!(curl.starts_with("curl -X POST 'https://auth.example/oauth2/token'"));
    assert!(curl.contains(
        "--data-raw 'grant_type=authorization_code&code=c0de&redirect_uri=https%3A%2F%2Fmodule.example%2Fshof&code_verifier=verifier-1&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=x.y.z'"
    ));
}

#[test]
fn introspection_posts_the_token_with_a_client_assertion() {
    let curl = introspection_curl("https://auth.example/oauth2/introspect", "a.b.c", "x.y.z");
    assert!(curl.contains("'https://auth.example/oauth2/introspect'"));
    assert!(curl.contains("--data-raw 'token=a.b.c&client_assertion_type="));
    assert!(curl.ends_with("&client_assertion=x.y.z'"));
}

#[test]
fn a_quote_in_a_url_cannot_end_the_shell_argument() {
    let curl = jwks_check_curl("https://keys.example/it's.json", "kid-1");
    assert!(curl.starts_with(r"curl -sS -D - 'https://keys.example/it'\''s.json'"));
    assert!(curl.ends_with("-e 'kid-1'"));
}
