//! Request extractors whose rejections speak problem+json: a malformed body or query is a 400,
//! a well-formed body with a wrong field is a 422 naming the field, a wrong content type a 415,
//! an oversized body a 413.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::BytesMut;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldErrors, Msg};

/// Largest JSON body accepted unless a route registers its own `JsonLimit`.
pub const DEFAULT_JSON_LIMIT: usize = 256 * 1024;

/// Per-app or per-scope override of the JSON body limit, in bytes.
#[derive(Clone, Copy, Debug)]
pub struct JsonLimit(pub usize);

/// A JSON request body, deserialized with the path of any invalid field.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

pub(crate) fn too_large() -> ApiError {
    ApiError::TooLarge(Msg::new("Badan permintaan melebihi batas ukuran.", "The request body exceeds the size limit."))
}

pub(crate) fn not_json() -> ApiError {
    ApiError::UnsupportedMedia(Msg::new(
        "Badan permintaan harus berjenis application/json.",
        "The request body must be application/json.",
    ))
}

fn is_json(req: &HttpRequest) -> bool {
    let Some(value) = req.headers().get(header::CONTENT_TYPE) else {
        return false;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn declared_length(req: &HttpRequest) -> Option<usize> {
    req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok())
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req.app_data::<JsonLimit>().map_or(DEFAULT_JSON_LIMIT, |l| l.0);
        if !is_json(req) {
            return Box::pin(ready(Err(not_json())));
        }
        if declared_length(req).is_some_and(|len| len > limit) {
            return Box::pin(ready(Err(too_large())));
        }
        let mut payload = payload.take();
        Box::pin(async move {
            let body = read_body(&mut payload, limit).await?;
            parse_json(&body).map(Json)
        })
    }
}

/// A JSON body that may be absent: an empty body is `None`, anything else must be valid JSON.
#[derive(Debug)]
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned + 'static> FromRequest for OptionalJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req.app_data::<JsonLimit>().map_or(DEFAULT_JSON_LIMIT, |l| l.0);
        if declared_length(req).is_some_and(|len| len > limit) {
            return Box::pin(ready(Err(too_large())));
        }
        let json = is_json(req);
        let mut payload = payload.take();
        Box::pin(async move {
            let body = read_body(&mut payload, limit).await?;
            if body.iter().all(u8::is_ascii_whitespace) {
                return Ok(OptionalJson(None));
            }
            if !json {
                return Err(not_json());
            }
            parse_json(&body).map(|value| OptionalJson(Some(value)))
        })
    }
}

pub async fn read_body(payload: &mut Payload, limit: usize) -> Result<BytesMut, ApiError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::bad_request(Msg::new("Badan permintaan terputus.", "The request body was cut off."))
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Deserializes `bytes`, telling a syntax error (400) from a wrong field (422).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let malformed = |line: usize, column: usize| {
        ApiError::bad_request(Msg::new(
            format!("JSON tidak valid (baris {line}, kolom {column})."),
            format!("Malformed JSON (line {line}, column {column})."),
        ))
    };
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let (field, code, message) = describe(&path, &inner.to_string());
                let mut errors = FieldErrors::new();
                errors.add(field, code, message);
                ApiError::Validation(errors)
            }
            _ => malformed(inner.line(), inner.column()),
        }
    })?;
    deserializer.end().map_err(|e| malformed(e.line(), e.column()))?;
    Ok(value)
}

/// Turns a serde message and path into a field path, a code and a message without positions.
fn describe(path: &str, message: &str) -> (String, &'static str, Msg) {
    let text = message.split(" at line ").next().unwrap_or(message).to_owned();
    let parent = if path == "." { "" } else { path };
    if let Some(rest) = text.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`');
        let field = if parent.is_empty() { name.to_owned() } else { format!("{parent}.{name}") };
        return (field, "required", Msg::new("Wajib diisi.", "Required."));
    }
    let (code, id) = if text.starts_with("invalid type") {
        ("invalid_type", format!("Jenis nilai salah ({text})."))
    } else if text.starts_with("unknown variant") {
        ("invalid_choice", format!("Bukan pilihan yang dikenal ({text})."))
    } else {
        ("invalid_value", format!("Nilai tidak sesuai ({text})."))
    };
    let field = if parent.is_empty() { "body".to_owned() } else { parent.to_owned() };
    (field, code, Msg::new(id, text))
}

/// A query string, deserialized with the name of any malformed parameter (400).
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_query(req.query_string()).map(Query))
    }
}

fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let deserializer = serde_urlencoded::Deserializer::new(url_pairs(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let (field, code, message) = describe(&path, &error.into_inner().to_string());
        let field = if field == "body" { "query".to_owned() } else { field };
        let mut errors = FieldErrors::new();
        errors.add(field, code, message);
        ApiError::BadRequest { detail: Msg::new("Parameter kueri tidak valid.", "Invalid query parameter."), errors }
    })
}

fn url_pairs(input: &[u8]) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(input)
}

/// Path segments that do not parse (a malformed id) name nothing that exists: 404.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_, _| ApiError::not_found().into())
}

/// For PATCH bodies: an absent field is `None`, an explicit `null` is `Some(None)`.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}

/// Whether the client asked for CSV (`Accept: text/csv`) rather than JSON; reports answer both.
pub fn wants_csv(req: &HttpRequest) -> bool {
    req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|accept| accept.contains("text/csv"))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::{parse_json, parse_query};
    use crate::ApiError;

    #[derive(Debug, Deserialize)]
    struct Body {
        #[expect(dead_code)]
        name: String,
        #[expect(dead_code)]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    struct Item {
        #[expect(dead_code)]
        level: u8,
    }

    fn field_of(error: ApiError) -> (u16, String, String) {
        let problem = error.problem(crate::Lang::En);
        let first = problem.errors.first().map(|e| (e.field.clone(), e.code.clone()));
        let (field, code) = first.unwrap_or_default();
        (problem.status, field, code)
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        let error = parse_json::<Body>(b"{\"name\": ").err();
        assert_eq!(error.map(|e| e.status().as_u16()), Some(400));
    }

    #[test]
    fn a_missing_or_wrong_field_is_named() {
        let missing = parse_json::<Body>(br#"{"items": []}"#).err().map(field_of);
        assert_eq!(missing, Some((422, "name".into(), "required".into())));
        let wrong = parse_json::<Body>(br#"{"name": "a", "items": [{"level": "x"}]}"#).err().map(field_of);
        assert_eq!(wrong, Some((422, "items[0].level".into(), "invalid_type".into())));
    }

    #[derive(Debug, Deserialize)]
    struct Page {
        #[expect(dead_code)]
        limit: Option<u32>,
    }

    #[test]
    fn a_malformed_query_parameter_is_named() {
        let error = parse_query::<Page>("limit=abc").err().map(field_of);
        assert_eq!(error, Some((400, "limit".into(), "invalid_value".into())));
    }
}
