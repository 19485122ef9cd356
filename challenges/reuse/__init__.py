"""Challenges reused as templates, with visible lineage: an organiser publishes a challenge as a
versioned template, another municipality adopts it into a new draft, and a new revision reaches
the adopters' drafts as a reviewable diff. (Named `reuse`, not `templates`: an installed
package carries the Jinja templates in `challenges/templates`.)"""
