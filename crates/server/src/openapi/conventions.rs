//! What every operation shares, added to the document in one place rather than repeated in
//! each handler's annotation: the errors that come from extractors and middleware (a malformed
//! body or query, a wrong media type, a body over its limit, a missing token, a stale
//! `If-Match`, throttling), the problem+json body of every error, `security: []` on the public
//! operations, and the bounds of `limit`.

use utoipa::Modify;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi as Document, Ref, RefOr, Response, ResponseBuilder};

use latih_kernel::pagination::{DEFAULT_LIMIT, MAX_LIMIT};
use latih_kernel::problem::PROBLEM_JSON;

/// Operations throttled per account and client address: they answer 429 with `Retry-After`.
pub const RATE_LIMITED: [&str; 3] = ["login", "refresh", "change_my_password"];

/// Adds the bearer scheme and the shared facts to every operation.
pub(super) struct Conventions;

fn problem_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(PROBLEM_JSON, ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
        .build()
}

/// What the body, query, headers and path of an operation let it answer.
struct Shape {
    secured: bool,
    json_body: bool,
    any_body: bool,
    query: bool,
    paged: bool,
    if_match: bool,
    idempotent: bool,
    uuid_in_path: bool,
    rate_limited: bool,
}

fn is_uuid(schema: Option<&RefOr<Schema>>) -> bool {
    matches!(schema, Some(RefOr::T(Schema::Object(object)))
        if object.format == Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
}

fn shape_of(operation: &Operation) -> Shape {
    let parameters = operation.parameters.as_deref().unwrap_or_default();
    let has = |place: ParameterIn, name: &str| {
        parameters.iter().any(|p| p.parameter_in == place && p.name.eq_ignore_ascii_case(name))
    };
    let body_types: Vec<&str> =
        operation.request_body.iter().flat_map(|body| body.content.keys()).map(String::as_str).collect();
    Shape {
        secured: operation.security.as_ref().is_some_and(|s| !s.is_empty()),
        json_body: body_types.iter().any(|t| *t == "application/json" || t.ends_with("+json")),
        any_body: !body_types.is_empty(),
        query: parameters.iter().any(|p| p.parameter_in == ParameterIn::Query),
        paged: has(ParameterIn::Query, "limit"),
        if_match: has(ParameterIn::Header, "if-match"),
        idempotent: has(ParameterIn::Header, "idempotency-key"),
        uuid_in_path: parameters.iter().any(|p| p.parameter_in == ParameterIn::Path && is_uuid(p.schema.as_ref())),
        rate_limited: operation.operation_id.as_deref().is_some_and(|id| RATE_LIMITED.contains(&id)),
    }
}

/// The statuses an operation of this shape can answer whatever its handler does.
fn shared_statuses(shape: &Shape) -> Vec<(&'static str, &'static str)> {
    let rules = [
        (shape.json_body || shape.query || shape.idempotent, "400", "Malformed JSON body, query parameter or header"),
        (shape.secured, "401", "Missing, invalid or expired access token"),
        (shape.uuid_in_path, "404", "Absent, or not visible to the caller"),
        (shape.idempotent, "409", "A request with this `Idempotency-Key` is still running"),
        (shape.if_match, "412", "`If-Match` names a version that is no longer current"),
        (shape.any_body, "413", "The request body is over its size limit"),
        (shape.any_body, "415", "The request body is not of a media type this operation takes"),
        (shape.json_body || shape.paged, "422", "Well-formed but invalid; `errors` names the fields"),
        (shape.rate_limited, "429", "Too many attempts; retry after `Retry-After` seconds"),
        (true, "500", "Unexpected server error"),
    ];
    rules.into_iter().filter(|(applies, ..)| *applies).map(|(_, status, text)| (status, text)).collect()
}

fn retry_after() -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)))
        .description(Some("Seconds to wait before trying again"))
        .build()
}

fn limit_schema() -> RefOr<Schema> {
    let object = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(1))
        .maximum(Some(MAX_LIMIT as usize))
        .default(Some(DEFAULT_LIMIT.into()));
    RefOr::T(Schema::Object(object.build()))
}

fn apply_to_operation(operation: &mut Operation) {
    let shape = shape_of(operation);
    if !shape.secured {
        operation.security = Some(Vec::new());
    }
    for parameter in operation.parameters.iter_mut().flatten() {
        if parameter.parameter_in == ParameterIn::Query && parameter.name == "limit" {
            parameter.schema = Some(limit_schema());
        }
    }
    let responses = &mut operation.responses.responses;
    for (status, description) in shared_statuses(&shape) {
        responses.entry(status.to_owned()).or_insert_with(|| RefOr::T(problem_response(description)));
    }
    for (status, response) in responses.iter_mut() {
        let RefOr::T(response) = response else { continue };
        if (status.starts_with('4') || status.starts_with('5')) && response.content.is_empty() {
            let headers = std::mem::take(&mut response.headers);
            *response = problem_response(&response.description);
            response.headers = headers;
        }
        if status == "429" {
            response.headers.entry("Retry-After".to_owned()).or_insert_with(retry_after);
        }
    }
}

impl Modify for Conventions {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
        for item in doc.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
                &mut item.head,
                &mut item.options,
                &mut item.trace,
            ]
            .into_iter()
            .flatten()
            {
                apply_to_operation(operation);
            }
        }
    }
}
