project_id    = "catalog-production"
region        = "europe-west4" # Cloud Run NVIDIA L4 region
public_url    = "https://catalog.example.com"
alert_email   = "catalog-oncall@example.com"
repo_owner    = "catalog-org"
repo_name     = "catalog"
smtp_host     = "smtp.sendgrid.net"
smtp_username = "apikey"
# inference_image and source_object are passed by Cloud Build (-var) for each commit
