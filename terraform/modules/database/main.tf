# Cloud SQL for PostgreSQL: the system of record. Functions connect through the Cloud SQL
# Python Connector (INSTANCE_CONNECTION_NAME): an IAM-authorized TLS tunnel, no open networks.
resource "google_sql_database_instance" "this" {
  name                = var.name
  project             = var.project_id
  region              = var.region
  database_version    = "POSTGRES_15"
  deletion_protection = var.deletion_protection

  # checkov:skip=CKV_GCP_60:The Cloud SQL Python Connector reaches the public IP through an IAM-authorized TLS tunnel; no authorized networks are open, so nothing else can connect.
  # checkov:skip=CKV2_GCP_20:Private IP would need Private Service Access plus a VPC path from every function; the connector's tunnel gives the same isolation.
  # checkov:skip=CKV_GCP_79:PostgreSQL 15 is what the test suite runs against (the machine's and the embedded server); upgrade both together.
  settings {
    tier              = var.instance.tier
    edition           = "ENTERPRISE"
    availability_type = var.instance.high_availability ? "REGIONAL" : "ZONAL"
    disk_type         = "PD_SSD"
    disk_size         = var.instance.disk_size_gb
    disk_autoresize   = true
    user_labels       = var.labels

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      start_time                     = "01:00"
      transaction_log_retention_days = 7
      backup_retention_settings {
        retained_backups = var.instance.backup_retained
      }
    }

    ip_configuration {
      ipv4_enabled = true
      ssl_mode     = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" # the connector presents one
    }

    insights_config {
      query_insights_enabled  = true
      record_application_tags = true
      record_client_address   = false
    }

    maintenance_window {
      day          = 7 # Sunday
      hour         = 3
      update_track = "stable"
    }

    # Logging flags CIS asks for; statement logging stays off (it would log personal data).
    database_flags {
      name  = "log_checkpoints"
      value = "on"
    }
    database_flags {
      name  = "log_connections"
      value = "on"
    }
    database_flags {
      name  = "log_disconnections"
      value = "on"
    }
    database_flags {
      name  = "log_lock_waits"
      value = "on"
    }
    database_flags {
      name  = "log_min_messages"
      value = "error"
    }
    database_flags {
      name  = "log_temp_files"
      value = "0"
    }
    database_flags {
      name  = "log_min_duration_statement"
      value = "-1"
    }
    database_flags {
      name  = "log_min_error_statement"
      value = "error"
    }
    database_flags {
      name  = "log_statement"
      value = "ddl"
    }
    database_flags {
      name  = "cloudsql.enable_pgaudit"
      value = "on"
    }
    database_flags {
      name  = "pgaudit.log"
      value = "ddl,role"
    }
    database_flags {
      name  = "log_hostname"
      value = "on"
    }
    database_flags {
      name  = "log_duration"
      value = "on" # durations only: statement text stays out of the logs
    }
  }
}

resource "google_sql_database_instance" "replica" {
  for_each             = toset(var.instance.read_replicas)
  name                 = each.key
  project              = var.project_id
  region               = var.region
  database_version     = "POSTGRES_15"
  master_instance_name = google_sql_database_instance.this.name
  deletion_protection  = var.deletion_protection

  # checkov:skip=CKV_GCP_60:Same as the primary: reached only through the Cloud SQL Python Connector.
  # checkov:skip=CKV2_GCP_20:Same as the primary.
  # checkov:skip=CKV_GCP_14:Backups are taken on the primary; Cloud SQL does not back up replicas.
  # checkov:skip=CKV_GCP_51:Replicas inherit the primary's database flags.
  # checkov:skip=CKV_GCP_52:Replicas inherit the primary's database flags.
  # checkov:skip=CKV_GCP_53:Replicas inherit the primary's database flags.
  # checkov:skip=CKV_GCP_54:Replicas inherit the primary's database flags.
  # checkov:skip=CKV_GCP_55:Replicas inherit the primary's database flags.
  # checkov:skip=CKV_GCP_56:Replicas inherit the primary's database flags.
  # checkov:skip=CKV_GCP_57:Replicas inherit the primary's database flags.
  # checkov:skip=CKV_GCP_108:Replicas inherit the primary's database flags.
  # checkov:skip=CKV_GCP_109:Replicas inherit the primary's database flags.
  # checkov:skip=CKV_GCP_110:Replicas inherit the primary's database flags.
  # checkov:skip=CKV_GCP_111:Replicas inherit the primary's database flags.
  # checkov:skip=CKV2_GCP_13:Replicas inherit the primary's database flags.
  # checkov:skip=CKV_GCP_79:Same version as the primary (replication requires it).
  settings {
    tier              = var.instance.tier
    edition           = "ENTERPRISE"
    availability_type = "ZONAL"
    disk_type         = "PD_SSD"
    disk_autoresize   = true
    user_labels       = var.labels

    ip_configuration {
      ipv4_enabled = true
      ssl_mode     = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" # the connector presents one
    }
  }
}

resource "google_sql_database" "catalog" {
  name     = var.database_name
  project  = var.project_id
  instance = google_sql_database_instance.this.name
}

resource "random_password" "app" {
  length  = 32
  special = false
}

resource "google_sql_user" "app" {
  name     = var.user
  project  = var.project_id
  instance = google_sql_database_instance.this.name
  password = random_password.app.result
}

resource "google_secret_manager_secret" "password" {
  secret_id = "${var.name}-db-password"
  project   = var.project_id
  labels    = var.labels
  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "password" {
  secret      = google_secret_manager_secret.password.id
  secret_data = random_password.app.result
}
