variable "database_name" {
  description = "The catalog database (DB_NAME)."
  type        = string
  default     = "catalog"
}

variable "deletion_protection" {
  description = "Refuse to destroy the instance (on in every real environment)."
  type        = bool
  default     = true
}

variable "instance" {
  description = "Machine tier, high availability and disk of the instance."
  type = object({
    tier              = string                     # e.g. db-custom-4-16384
    high_availability = bool                       # REGIONAL (synchronous standby in another zone)
    disk_size_gb      = optional(number, 100)      # grows automatically
    backup_retained   = optional(number, 14)       # daily backups kept
    read_replicas     = optional(list(string), []) # names of read replicas (see README: scaling)
  })
}

variable "labels" {
  description = "Labels on the instance."
  type        = map(string)
  default     = {}
}

variable "name" {
  description = "Instance name."
  type        = string
}

variable "project_id" {
  description = "Project holding the instance."
  type        = string
}

variable "region" {
  description = "Region of the instance."
  type        = string
}

variable "user" {
  description = "The application's database user (DB_USER)."
  type        = string
  default     = "catalog"
}
