variable "alert_email" {
  description = "On-call address for alert notifications."
  type        = string
}

variable "inference_image" {
  description = "Model server image (set by Cloud Build: <repo>/inference:<commit>)."
  type        = string
}

variable "project_id" {
  description = "The environment's project."
  type        = string
}

variable "public_url" {
  description = "The API's public URL."
  type        = string
}

variable "region" {
  description = "Region with NVIDIA L4 capacity on Cloud Run."
  type        = string
}

variable "repo_name" {
  description = "GitHub repository of the code."
  type        = string
}

variable "repo_owner" {
  description = "GitHub owner of the repository."
  type        = string
}

variable "smtp_host" {
  description = "SMTP relay for deletion notices."
  type        = string
}

variable "smtp_username" {
  description = "SMTP relay user."
  type        = string
}

variable "source_object" {
  description = "Function source zip in the source bucket (set by Cloud Build: functions-<commit>.zip)."
  type        = string
}
