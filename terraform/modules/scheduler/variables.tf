variable "jobs" {
  description = "Job name => cron (UTC) and the topic it publishes to (shared/schedules.py SCHEDULES)."
  type = map(object({
    schedule    = string
    topic       = string
    description = string
  }))
}

variable "project_id" {
  description = "Project holding the jobs."
  type        = string
}

variable "region" {
  description = "Region of the jobs."
  type        = string
}
