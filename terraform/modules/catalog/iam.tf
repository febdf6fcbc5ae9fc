# One identity per role in the pipeline, each with only what its functions touch. Bucket, topic,
# dataset, secret and service grants are resource-scoped (in the resources' modules); only roles
# that exist solely at project level are granted here.
locals {
  identities = {
    api       = "REST/GraphQL API and UI"
    ingest    = "Upload ingestion"
    analyze   = "AI analysis"
    dlq       = "Dead-letter recording"
    jobs      = "Imports, exports and bulk edits"
    ops       = "Cleanup, cache warm, metrics"
    inference = "Qwen2-Audio model server"
    push      = "Pub/Sub push to functions"
    eventarc  = "Cloud Storage finalize trigger"
    deployer  = "Cloud Build deployments"
  }
  members = { for key, sa in google_service_account.this : key => "serviceAccount:${sa.email}" }

  # every function talks to Cloud SQL and writes logs and traces
  function_identities = ["api", "ingest", "analyze", "dlq", "jobs", "ops"]
  # terraform apply manages these services: their admin roles, never a basic role (editor/owner)
  deployer_roles = [
    "roles/bigquery.admin", "roles/cloudscheduler.admin", "roles/cloudsql.admin",
    "roles/compute.networkAdmin", "roles/datastore.owner", "roles/eventarc.admin",
    "roles/iam.serviceAccountAdmin", "roles/monitoring.editor", "roles/pubsub.admin",
    "roles/redis.admin", "roles/serviceusage.serviceUsageAdmin", "roles/storage.admin",
    "roles/vpcaccess.admin",
  ]
  project_roles = merge(
    { for role in local.deployer_roles : "deployer ${role}" => { id = "deployer", role = role } },
    { for id in local.function_identities : "${id} cloudsql" => { id = id, role = "roles/cloudsql.client" } },
    { for id in local.function_identities : "${id} logs" => { id = id, role = "roles/logging.logWriter" } },
    { for id in local.function_identities : "${id} trace" => { id = id, role = "roles/cloudtrace.agent" } },
    { for id in ["api", "ingest", "analyze", "jobs"] : "${id} firestore" => { id = id, role = "roles/datastore.user" } },
    {
      "ops metrics"        = { id = "ops", role = "roles/monitoring.metricWriter" }
      "ops bq jobs"        = { id = "ops", role = "roles/bigquery.jobUser" }
      "api bq jobs"        = { id = "api", role = "roles/bigquery.jobUser" }
      "inference logs"     = { id = "inference", role = "roles/logging.logWriter" }
      "eventarc receiver"  = { id = "eventarc", role = "roles/eventarc.eventReceiver" }
      "deployer functions" = { id = "deployer", role = "roles/cloudfunctions.developer" }
      "deployer run"       = { id = "deployer", role = "roles/run.admin" }
      "deployer builds"    = { id = "deployer", role = "roles/cloudbuild.builds.builder" }
      "deployer registry"  = { id = "deployer", role = "roles/artifactregistry.writer" }
      "deployer sa user"   = { id = "deployer", role = "roles/iam.serviceAccountUser" }
      "deployer iam"       = { id = "deployer", role = "roles/resourcemanager.projectIamAdmin" }
      "deployer secrets"   = { id = "deployer", role = "roles/secretmanager.admin" }
    },
  )

  # secret => identities reading it
  secret_readers = {
    (module.database.password_secret_id) = ["api", "ingest", "analyze", "dlq", "jobs", "ops"]
    (module.cache.url_secret_id)         = ["api", "ops"]
    "openai-api-key"                     = ["analyze"]
    "webhook-signing-key"                = ["ops"]
    "smtp-password"                      = ["ops"]
  }
  secret_grants = merge([
    for secret, ids in local.secret_readers : { for id in ids : "${secret} ${id}" => { secret = secret, id = id } }
  ]...)
}

resource "google_service_account" "this" {
  for_each     = local.identities
  account_id   = "catalog-${each.key}"
  project      = var.project_id
  display_name = "catalog: ${each.value}"
}

resource "google_project_iam_member" "this" {
  for_each = local.project_roles
  project  = var.project_id
  role     = each.value.role
  member   = local.members[each.value.id]
}

resource "google_secret_manager_secret_iam_member" "readers" {
  for_each   = local.secret_grants
  project    = var.project_id
  secret_id  = each.value.secret
  role       = "roles/secretmanager.secretAccessor"
  member     = local.members[each.value.id]
  depends_on = [google_secret_manager_secret.external]
}

# V4 signed URLs for uploads and downloads: the API signs with its own key (signBlob on itself).
resource "google_service_account_iam_member" "api_signs_urls" {
  service_account_id = google_service_account.this["api"].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.members.api
}

# Cloud Storage publishes finalize events to Eventarc's Pub/Sub as its service agent.
resource "google_project_iam_member" "storage_agent_publishes" {
  project = var.project_id
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:service-${data.google_project.this.number}@gs-project-accounts.iam.gserviceaccount.com"
}

# Pub/Sub mints the OIDC tokens of push subscriptions as the push identity.
resource "google_service_account_iam_member" "pubsub_mints_push_tokens" {
  service_account_id = google_service_account.this["push"].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}
