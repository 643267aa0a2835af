package test.helpers

# A package without metadata or deny is a helper: no rule.
read_only(level) if level in {"List", "Read"}
