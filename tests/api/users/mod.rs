//! `/users` and `/users/{id}`: role boundaries and organization scoping.

mod editing;

use latih_kernel::Role;
use latih_tests::{TestApp, problem, send};
use serde_json::{Value, json};

fn person(email: &str, nip: &str) -> Value {
    json!({
        "name": "Yohanes Bria", "email": email, "password": "Sandi-Yohanes-1",
        "employment_type": "pns", "nip": nip, "position": "Analis SDM Aparatur", "rank": "iii/a",
        "roles": ["learner", "mentor"],
    })
}

#[actix_web::test]
async fn an_org_admin_creates_people_in_their_own_organization() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let (status, user) =
        send(app.post("/api/v1/users", &admin.token, &person("Yohanes@Kupang.go.id", "199001012015031002"))).await;
    assert_eq!(status, 201, "{user}");
    assert_eq!(user["email"], "yohanes@kupang.go.id");
    assert_eq!(user["organization_id"], org.to_string());
    assert_eq!(user["rank"], "III/a");
    assert_eq!(user["roles"], json!(["learner", "mentor"]));
    assert_eq!(user["employment_type"], "pns");
    let (status, read) =
        send(app.get(&format!("/api/v1/users/{}", user["id"].as_str().unwrap_or("")), &admin.token)).await;
    assert_eq!((status.as_u16(), &read["nip"]), (200, &json!("199001012015031002")));
}

#[actix_web::test]
async fn emails_are_unique_ignoring_case_and_nips_are_unique() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    send(app.post("/api/v1/users", &admin.token, &person("yohanes@kupang.go.id", "199001012015031002"))).await;
    let same_email = person("YOHANES@kupang.go.id", "199001012015031003");
    let body = problem(app.post("/api/v1/users", &admin.token, &same_email), 409, "already_exists").await;
    assert_eq!(body["errors"][0]["field"], "email");
    let same_nip = person("lain@kupang.go.id", "199001012015031002");
    let body = problem(app.post("/api/v1/users", &admin.token, &same_nip), 409, "already_exists").await;
    assert_eq!(body["errors"][0]["field"], "nip");
}

#[actix_web::test]
async fn an_invalid_nip_rank_or_email_is_422_naming_each_field() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let mut body = person("bukan-email", "199013012015031002");
    body["rank"] = json!("V/a");
    let problem_body = problem(app.post("/api/v1/users", &admin.token, &body), 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem_body["errors"].as_array().into_iter().flatten().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, vec!["email", "nip", "rank"]);
    let external = json!({"name": "Dr. Speaker", "email": "speaker@kampus.ac.id", "employment_type": "non_asn", "nip": "199001012015031002"});
    let problem_body = problem(app.post("/api/v1/users", &admin.token, &external), 422, "validation_failed").await;
    assert_eq!(problem_body["errors"][0]["field"], "nip");
    let external = json!({"name": "Dr. Speaker", "email": "speaker@kampus.ac.id", "employment_type": "non_asn"});
    let (status, created) = send(app.post("/api/v1/users", &admin.token, &external)).await;
    assert_eq!((status.as_u16(), &created["nip"]), (201, &Value::Null));
}

#[actix_web::test]
async fn other_roles_cannot_create_or_list_people() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    for role in [Role::Learner, Role::Instructor, Role::Mentor, Role::Supervisor] {
        let someone = app.user(Some(org), &[role]).await;
        problem(
            app.post("/api/v1/users", &someone.token, &person("a@kupang.go.id", "199001012015031002")),
            403,
            "forbidden",
        )
        .await;
        problem(app.get("/api/v1/users", &someone.token), 403, "forbidden").await;
    }
}

#[actix_web::test]
async fn an_org_admin_cannot_reach_another_organization() {
    let app = TestApp::new().await;
    let kupang = app.organization("KUPANG", "Asia/Makassar").await;
    let jayapura = app.organization("JAYAPURA", "Asia/Jayapura").await;
    let admin = app.user(Some(kupang), &[Role::OrgAdmin]).await;
    let stranger = app.user(Some(jayapura), &[Role::Learner]).await;
    let mut body = person("a@jayapura.go.id", "199001012015031002");
    body["organization_id"] = json!(jayapura);
    problem(app.post("/api/v1/users", &admin.token, &body), 404, "not_found").await;
    let path = format!("/api/v1/users/{}", stranger.id);
    problem(app.get(&path, &admin.token), 404, "not_found").await;
    problem(app.patch(&path, &admin.token, &json!({"name": "Diubah"})), 404, "not_found").await;
    problem(app.get(&format!("/api/v1/users?organization_id={jayapura}"), &admin.token), 404, "not_found").await;
    let (_, list) = send(app.get("/api/v1/users", &admin.token)).await;
    let ids: Vec<&str> = list["items"].as_array().into_iter().flatten().filter_map(|u| u["id"].as_str()).collect();
    assert_eq!(ids, vec![admin.id.to_string().as_str()]);
}

#[actix_web::test]
async fn an_org_admin_never_grants_platform_admin() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let learner = app.user(Some(org), &[Role::Learner]).await;
    let mut body = person("a@kupang.go.id", "199001012015031002");
    body["roles"] = json!(["platform_admin"]);
    problem(app.post("/api/v1/users", &admin.token, &body), 403, "forbidden").await;
    let path = format!("/api/v1/users/{}", learner.id);
    problem(app.patch(&path, &admin.token, &json!({"roles": ["learner", "platform_admin"]})), 403, "forbidden").await;
    let platform = app.user(None, &[Role::PlatformAdmin]).await;
    let (status, promoted) =
        send(app.patch(&path, &platform.token, &json!({"roles": ["learner", "platform_admin"]}))).await;
    assert_eq!((status.as_u16(), &promoted["roles"]), (200, &json!(["learner", "platform_admin"])));
}

#[actix_web::test]
async fn people_read_themselves_but_not_each_other_and_cannot_edit_themselves() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let me = app.user(Some(org), &[Role::Learner]).await;
    let colleague = app.user(Some(org), &[Role::Learner, Role::Supervisor]).await;
    let (status, _) = send(app.get(&format!("/api/v1/users/{}", me.id), &me.token)).await;
    assert_eq!(status, 200);
    problem(app.get(&format!("/api/v1/users/{}", colleague.id), &me.token), 404, "not_found").await;
    problem(
        app.patch(&format!("/api/v1/users/{}", me.id), &me.token, &json!({"roles": ["org_admin"]})),
        403,
        "forbidden",
    )
    .await;
}

#[actix_web::test]
async fn the_list_filters_by_role_unit_and_text_and_pages_with_a_cursor() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let (_, unit) = send(app.post(
        &format!("/api/v1/organizations/{org}/units"),
        &admin.token,
        &json!({"name": "BKPSDM", "parent_id": null}),
    ))
    .await;
    for (index, name) in ["Agustina Lay", "Benediktus Ndun", "Clara Manu", "Dominggus Fanggi"].iter().enumerate() {
        let body = json!({
            "name": name, "email": format!("p{index}@kupang.go.id"), "employment_type": "pppk",
            "nip": format!("19900101202321100{index}"), "roles": if index % 2 == 0 { json!(["learner"]) } else { json!(["learner", "instructor"]) },
            "unit_id": if index < 2 { unit["id"].clone() } else { Value::Null },
        });
        let (status, created) = send(app.post("/api/v1/users", &admin.token, &body)).await;
        assert_eq!(status, 201, "{created}");
    }
    let names = |list: &Value| -> Vec<String> {
        list["items"].as_array().into_iter().flatten().filter_map(|u| u["name"].as_str().map(str::to_owned)).collect()
    };
    let (_, instructors) = send(app.get("/api/v1/users?role=instructor", &admin.token)).await;
    assert_eq!(names(&instructors), vec!["Benediktus Ndun", "Dominggus Fanggi"]);
    let (_, in_unit) =
        send(app.get(&format!("/api/v1/users?unit_id={}", unit["id"].as_str().unwrap_or("")), &admin.token)).await;
    assert_eq!(names(&in_unit), vec!["Agustina Lay", "Benediktus Ndun"]);
    let (_, found) = send(app.get("/api/v1/users?q=MANU", &admin.token)).await;
    assert_eq!(names(&found), vec!["Clara Manu"]);
    let (_, first) = send(app.get("/api/v1/users?role=learner&limit=3", &admin.token)).await;
    assert_eq!(names(&first), vec!["Agustina Lay", "Benediktus Ndun", "Clara Manu"]);
    let cursor = first["next_cursor"].as_str().expect("a next page");
    let (_, second) = send(app.get(&format!("/api/v1/users?role=learner&limit=3&cursor={cursor}"), &admin.token)).await;
    assert_eq!(names(&second), vec!["Dominggus Fanggi"]);
    assert_eq!(second["next_cursor"], Value::Null);
}

#[actix_web::test]
async fn patch_clears_with_null_and_keeps_absent_fields() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let (_, user) =
        send(app.post("/api/v1/users", &admin.token, &person("y@kupang.go.id", "199001012015031002"))).await;
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap_or(""));
    let (status, updated) =
        send(app.patch(&path, &admin.token, &json!({"position": null, "name": "Yohanes B."}))).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["position"], Value::Null);
    assert_eq!(updated["name"], "Yohanes B.");
    assert_eq!(updated["rank"], "III/a");
}

#[actix_web::test]
async fn changing_ones_password_needs_the_current_one_and_signs_out_elsewhere() {
    let app = TestApp::new().await;
    let me = app.user(None, &[Role::Learner]).await;
    let login = |password: &str| {
        app.request(reqwest::Method::POST, "/api/v1/auth/login").json(&json!({"login": me.email, "password": password}))
    };
    let (_, tokens) = send(login(latih_tests::PASSWORD)).await;
    let wrong = json!({"current_password": "bukan-ini", "new_password": "Sandi-Baru-2026"});
    problem(app.post("/api/v1/me/password", &me.token, &wrong), 422, "validation_failed").await;
    let right = json!({"current_password": latih_tests::PASSWORD, "new_password": "Sandi-Baru-2026"});
    let (status, _) = send(app.post("/api/v1/me/password", &me.token, &right)).await;
    assert_eq!(status, 204);
    let refresh = app
        .request(reqwest::Method::POST, "/api/v1/auth/refresh")
        .json(&json!({"refresh_token": tokens["refresh_token"]}));
    let (status, _) = send(refresh).await;
    assert_eq!(status, 401);
    let (status, _) = send(login("Sandi-Baru-2026")).await;
    assert_eq!(status, 200);
}
