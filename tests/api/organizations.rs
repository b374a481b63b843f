//! `/organizations` and `/organizations/{id}/units`.

use latih_kernel::Role;
use latih_tests::{TestApp, problem, send};
use serde_json::json;

#[actix_web::test]
async fn a_platform_admin_creates_an_organization() {
    let app = TestApp::new().await;
    let admin = app.user(None, &[Role::PlatformAdmin]).await;
    let body = json!({"name": "Pemerintah Kota Kupang", "code": "pemkot-kupang", "timezone": "Asia/Makassar"});
    let (status, org) = send(app.post("/api/v1/organizations", &admin.token, &body)).await;
    assert_eq!(status, 201, "{org}");
    assert_eq!(org["code"], "PEMKOT-KUPANG");
    assert_eq!(org["timezone"], "Asia/Makassar");
    let body = json!({"name": "Lain", "code": "PEMKOT-KUPANG", "timezone": "Asia/Jakarta"});
    let taken = problem(app.post("/api/v1/organizations", &admin.token, &body), 409, "already_exists").await;
    assert_eq!(taken["errors"][0]["field"], "code");
}

#[actix_web::test]
async fn an_unknown_time_zone_is_422() {
    let app = TestApp::new().await;
    let admin = app.user(None, &[Role::PlatformAdmin]).await;
    let body = json!({"name": "Kota", "code": "KOTA", "timezone": "WITA"});
    let body = problem(app.post("/api/v1/organizations", &admin.token, &body), 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "timezone");
}

#[actix_web::test]
async fn only_platform_admins_create_organizations() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let body = json!({"name": "Kota", "code": "KOTA", "timezone": "Asia/Jakarta"});
    for role in [Role::OrgAdmin, Role::Learner, Role::Instructor, Role::Mentor, Role::Supervisor] {
        let person = app.user(Some(org), &[role]).await;
        problem(app.post("/api/v1/organizations", &person.token, &body), 403, "forbidden").await;
    }
}

#[actix_web::test]
async fn members_read_their_organization_and_others_get_404() {
    let app = TestApp::new().await;
    let kupang = app.organization("KUPANG", "Asia/Makassar").await;
    let jayapura = app.organization("JAYAPURA", "Asia/Jayapura").await;
    let member = app.user(Some(kupang), &[Role::Learner]).await;
    let outsider = app.user(Some(jayapura), &[Role::OrgAdmin]).await;
    let platform = app.user(None, &[Role::PlatformAdmin]).await;
    let path = format!("/api/v1/organizations/{kupang}");
    let (status, body) = send(app.get(&path, &member.token)).await;
    assert_eq!((status.as_u16(), body["timezone"].as_str()), (200, Some("Asia/Makassar")));
    let (status, _) = send(app.get(&path, &platform.token)).await;
    assert_eq!(status, 200);
    problem(app.get(&path, &outsider.token), 404, "not_found").await;
    let (_, list) = send(app.get("/api/v1/organizations", &member.token)).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
    let (_, list) = send(app.get("/api/v1/organizations", &platform.token)).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2));
}

#[actix_web::test]
async fn an_org_admin_updates_their_organization_only() {
    let app = TestApp::new().await;
    let kupang = app.organization("KUPANG", "Asia/Makassar").await;
    let jayapura = app.organization("JAYAPURA", "Asia/Jayapura").await;
    let admin = app.user(Some(kupang), &[Role::OrgAdmin]).await;
    let learner = app.user(Some(kupang), &[Role::Learner]).await;
    let body = json!({"name": "Pemerintah Kota Kupang"});
    let (status, org) = send(app.patch(&format!("/api/v1/organizations/{kupang}"), &admin.token, &body)).await;
    assert_eq!((status.as_u16(), org["name"].as_str()), (200, Some("Pemerintah Kota Kupang")));
    problem(app.patch(&format!("/api/v1/organizations/{kupang}"), &learner.token, &body), 403, "forbidden").await;
    problem(app.patch(&format!("/api/v1/organizations/{jayapura}"), &admin.token, &body), 404, "not_found").await;
}

#[actix_web::test]
async fn an_org_admin_builds_the_unit_tree_of_their_own_organization() {
    let app = TestApp::new().await;
    let kupang = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(kupang), &[Role::OrgAdmin]).await;
    let path = format!("/api/v1/organizations/{kupang}/units");
    let (status, root) =
        send(app.post(&path, &admin.token, &json!({"name": "BKPSDM", "parent_id": null, "code": "bkpsdm"}))).await;
    assert_eq!(status, 201, "{root}");
    assert_eq!(root["code"], "BKPSDM");
    let body = json!({"name": "Bidang Pengembangan Kompetensi", "parent_id": root["id"]});
    let (status, child) = send(app.post(&path, &admin.token, &body)).await;
    assert_eq!(status, 201);
    assert_eq!(child["parent_id"], root["id"]);
    let (_, list) = send(app.get(&path, &admin.token)).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2));
    let duplicate = json!({"name": "Lagi", "parent_id": null, "code": "BKPSDM"});
    problem(app.post(&path, &admin.token, &duplicate), 409, "already_exists").await;
}

#[actix_web::test]
async fn units_refuse_other_roles_other_organizations_and_foreign_parents() {
    let app = TestApp::new().await;
    let kupang = app.organization("KUPANG", "Asia/Makassar").await;
    let jayapura = app.organization("JAYAPURA", "Asia/Jayapura").await;
    let kupang_admin = app.user(Some(kupang), &[Role::OrgAdmin]).await;
    let jayapura_admin = app.user(Some(jayapura), &[Role::OrgAdmin]).await;
    let body = json!({"name": "Sekretariat", "parent_id": null});
    let kupang_units = format!("/api/v1/organizations/{kupang}/units");
    for role in [Role::Learner, Role::Instructor, Role::Mentor, Role::Supervisor] {
        let person = app.user(Some(kupang), &[role]).await;
        problem(app.post(&kupang_units, &person.token, &body), 403, "forbidden").await;
    }
    problem(app.post(&kupang_units, &jayapura_admin.token, &body), 404, "not_found").await;
    problem(app.get(&kupang_units, &jayapura_admin.token), 404, "not_found").await;
    let jayapura_units = format!("/api/v1/organizations/{jayapura}/units");
    let (_, foreign) = send(app.post(&jayapura_units, &jayapura_admin.token, &body)).await;
    let body = json!({"name": "Anak", "parent_id": foreign["id"]});
    let refused = problem(app.post(&kupang_units, &kupang_admin.token, &body), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["field"], "parent_id");
}
