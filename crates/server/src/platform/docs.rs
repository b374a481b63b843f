//! `/openapi.json` and `/docs`: Swagger UI with every asset inside the binary, so the page works
//! on a network with no way out.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::state::AppState;

/// The OpenAPI 3.1 document; the same text as `openapi/openapi.json`.
#[utoipa::path(
    tag = "platform",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json"))
)]
#[get("/openapi.json")]
pub async fn get_openapi(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(state.openapi_json.as_str().to_owned())
}

async fn to_docs() -> HttpResponse {
    HttpResponse::PermanentRedirect().insert_header((header::LOCATION, "/docs/")).finish()
}

/// The interactive docs page, fed by `/openapi.json`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/docs", web::get().to(to_docs)).service(SwaggerUi::new("/docs/{_:.*}").config(
        Config::from("/openapi.json").validator_url("none").persist_authorization(true).try_it_out_enabled(true),
    ));
}
