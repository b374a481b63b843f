//! Composition of the HTTP application: shared state, middleware, the API routes of every
//! domain crate, and the platform endpoints.

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{Compress, Condition, from_fn};
use actix_web::{App, HttpResponse, web};
use latih_kernel::{ApiError, problem, request_id};
use utoipa_actix_web::{UtoipaApp, scope};

use crate::platform::{docs, health, metrics};
use crate::settings::Settings;
use crate::state::AppState;

/// Registers a domain crate's endpoints, with their documentation, under the API scope.
pub type Configure = fn(&mut utoipa_actix_web::service_config::ServiceConfig);

/// The domain crates under `/api/v1`, in registration order. The OpenAPI checks build each
/// one's schemas apart from this same list, to catch two types sharing a schema name.
pub const DOMAINS: [(&str, Configure); 9] = [
    ("jobs", latih_jobs::configure),
    ("identity", latih_identity::configure),
    ("notify", latih_notify::configure),
    ("media", latih_media::configure),
    ("courses", latih_courses::configure),
    ("quizzes", latih_quizzes::configure),
    ("progress", latih_progress::configure),
    ("forums", latih_forums::configure),
    ("development", latih_development::configure),
];

/// Registers every documented route; shared by the server and the OpenAPI document.
pub fn register<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    let api = DOMAINS.into_iter().fold(scope("/api/v1"), |api, (_, configure)| api.configure(configure));
    platform(app.service(api))
}

/// The documented platform endpoints outside the API scope.
pub fn platform<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    app.service(health::get_health)
        .service(health::get_readiness)
        .service(metrics::get_metrics)
        .service(docs::get_openapi)
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::not_found())
}

/// CORS for the configured frontend origins. Credentials are allowed only for named origins,
/// never together with `*`.
fn cors(settings: &Settings) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            header::RANGE,
            header::HeaderName::from_static("idempotency-key"),
            request_id::REQUEST_ID,
        ])
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            header::RETRY_AFTER,
            header::CONTENT_DISPOSITION,
            request_id::REQUEST_ID,
        ])
        .max_age(3600);
    if settings.cors_origins.iter().any(|o| o == "*") {
        cors = cors.allow_any_origin().send_wildcard();
    } else {
        for origin in &settings.cors_origins {
            cors = cors.allowed_origin(origin);
        }
        cors = cors.supports_credentials();
    }
    cors
}

/// The whole application over `state`, every middleware included.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let cors_enabled = !state.settings.cors_origins.is_empty();
    let cors = cors(&state.settings);
    let app = App::new()
        .app_data(web::Data::new(state.db.clone()))
        .app_data(web::Data::new(state.clock.clone()))
        .app_data(web::Data::new(state.keys.clone()))
        .app_data(web::Data::new(state.token_guard.clone()))
        .app_data(web::Data::new(state.auth.clone()))
        .app_data(web::Data::new(state.metrics.clone()))
        .app_data(web::Data::new(metrics::MetricsAccess::main_listener(state.settings.metrics_token.as_ref())))
        .app_data(web::Data::new(crate::security_headers::HeaderPolicy {
            hsts: state.settings.public_url().starts_with("https://"),
        }))
        .app_data(web::Data::new(state.media.clone()))
        .app_data(web::Data::new(state.completion.clone()))
        .app_data(web::Data::new(state.graded_hooks.clone()))
        .app_data(web::Data::new(crate::jobs::webhook_policy(&state)))
        .app_data(web::Data::new(state.mailer.clone()))
        .app_data(web::Data::new(latih_courses::LessonQuizzes::new(std::sync::Arc::new(
            latih_quizzes::lesson_quizzes::Quizzes,
        ))))
        .app_data(web::Data::new(latih_progress::routes::certificates::PublicUrl(state.settings.public_url())))
        .app_data(web::Data::from(state.settings.clone()))
        .app_data(latih_kernel::extract::path_config())
        .app_data(web::Data::new(state));
    let app: UtoipaApp<_> = utoipa_actix_web::AppExt::into_utoipa_app(app);
    register(app)
        .into_app()
        .configure(docs::configure)
        .default_service(web::to(not_found))
        .wrap(Compress::default())
        .wrap(Condition::new(cors_enabled, cors))
        .wrap(from_fn(problem::localize))
        .wrap(from_fn(crate::security_headers::apply))
        .wrap(from_fn(metrics::record))
        .wrap(from_fn(request_id::trace_requests))
}
