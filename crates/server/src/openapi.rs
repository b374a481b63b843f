//! The OpenAPI document: paths come from the registered handlers (utoipa-actix-web), so the
//! document cannot drift from the routes; every error status gets the problem+json schema.

use actix_web::App;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi as Document, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use latih_kernel::problem::{PROBLEM_JSON, Problem, ProblemField};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Latih API",
        version = "1",
        description = "Competency development for Indonesian civil servants (ASN): courses, \
            materials, quizzes, progress, certificates, the yearly 20 JP, forums, mentoring and competency development.\n\n\
            Errors are `application/problem+json` with a stable `code`; `Accept-Language: en` \
            gives English messages (Indonesian by default). Lists are cursor-paginated."
    ),
    components(schemas(Problem, ProblemField)),
    tags(
        (name = "auth", description = "Sign-in and tokens"),
        (name = "me", description = "The signed-in person"),
        (name = "organizations", description = "Organizations (instansi) and units"),
        (name = "users", description = "People and the roster import"),
        (name = "media", description = "Uploads, checks and downloads of files"),
        (name = "courses", description = "The catalog, course authoring and outlines"),
        (name = "enrollments", description = "Enrolment and assignment"),
        (name = "sessions", description = "Classroom and webinar sessions"),
        (name = "quizzes", description = "Quizzes, question pools, attempts, grading and statistics"),
        (name = "progress", description = "Lesson progress, offline sync, course completion"),
        (name = "certificates", description = "Certificates (STTP) and their public verification"),
        (name = "jp", description = "The yearly JP ledger and JP claims"),
        (name = "reports", description = "Reports for organization admins"),
        (name = "forums", description = "Course threads and posts, moderation and subscriptions"),
        (name = "notifications", description = "In-app notifications"),
        (name = "mentoring", description = "Mentorships, private messages and meeting logs"),
        (name = "competencies", description = "The competency dictionary, positions, assessments, gaps and development plans"),
        (name = "evaluation", description = "Course evaluation surveys and their anonymous summaries"),
        (name = "platform", description = "Health, metrics, this document"),
    )
)]
struct ApiDoc;

/// Adds the bearer scheme, the problem body to every error response, and the 401 and 500 that
/// every secured operation can answer.
struct Conventions;

fn problem_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(PROBLEM_JSON, ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
            .build(),
    )
}

fn apply_to_operation(operation: &mut Operation) {
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let responses = &mut operation.responses.responses;
    if secured && !responses.contains_key("401") {
        responses.insert("401".to_owned(), problem_response("Missing, invalid or expired access token"));
    }
    responses.entry("500".to_owned()).or_insert_with(|| problem_response("Unexpected server error"));
    for (status, response) in responses.iter_mut() {
        if !status.starts_with('4') && !status.starts_with('5') {
            continue;
        }
        if let RefOr::T(response) = response
            && response.content.is_empty()
            && let RefOr::T(problem) = problem_response(&response.description)
        {
            *response = problem;
        }
    }
    let mut sorted: Vec<_> = std::mem::take(responses).into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    responses.extend(sorted);
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

/// The complete document, built from the same route registration the server uses.
pub fn document() -> Document {
    let (_, mut doc) = crate::app::register(App::new().into_utoipa_app().openapi(ApiDoc::openapi())).split_for_parts();
    Conventions.modify(&mut doc);
    doc
}

/// The document as committed in `openapi/openapi.json`: pretty JSON with a final newline.
pub fn document_json() -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(&document())?;
    text.push('\n');
    Ok(text)
}
