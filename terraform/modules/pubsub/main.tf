# Topics, who may publish to each, and Pub/Sub's own right to dead-letter into the DLQ topics.
locals {
  service_agent = "serviceAccount:service-${var.project_number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  publisher_pairs = merge([
    for topic, members in var.publishers : { for member in members : "${topic} ${member}" => { topic = topic, member = member } }
  ]...)
}

resource "google_pubsub_topic" "this" {
  for_each                   = var.topics
  name                       = each.key
  project                    = var.project_id
  labels                     = var.labels
  message_retention_duration = "604800s" # 7 days: a stuck subscription can still be replayed
  # checkov:skip=CKV_GCP_83:Google-managed encryption keys; the product owner set no CMEK requirement and CMEK adds key operations to every publish.
}

resource "google_pubsub_topic_iam_member" "publishers" {
  for_each = local.publisher_pairs
  project  = var.project_id
  topic    = google_pubsub_topic.this[each.value.topic].name
  role     = "roles/pubsub.publisher"
  member   = each.value.member
}

# Pub/Sub moves a message to a dead-letter topic as its service agent (the backstop policy).
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  for_each = var.dead_letter_topics
  project  = var.project_id
  topic    = google_pubsub_topic.this[each.key].name
  role     = "roles/pubsub.publisher"
  member   = local.service_agent
}
