//! The OpenAPI document: paths come from the registered handlers (utoipa-actix-web), so the
//! document cannot drift from the routes; `conventions` then adds what every operation shares
//! (the problem+json errors the extractors and middleware answer, security, paging bounds), and
//! `names` finds schema names that two types would share.

mod conventions;
mod names;

use actix_web::App;
use utoipa::openapi::OpenApi as Document;
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use latih_kernel::problem::{Problem, ProblemField};

pub use conventions::RATE_LIMITED;
pub use names::{SchemaPart, clashes, parts, schema_name_clashes};

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

/// The complete document, built from the same route registration the server uses.
pub fn document() -> Document {
    let (_, mut doc) = crate::app::register(App::new().into_utoipa_app().openapi(ApiDoc::openapi())).split_for_parts();
    conventions::Conventions.modify(&mut doc);
    doc
}

/// The document as committed in `openapi/openapi.json`: pretty JSON with a final newline.
pub fn document_json() -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(&document())?;
    text.push('\n');
    Ok(text)
}
