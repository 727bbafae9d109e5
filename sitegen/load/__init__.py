"""Reading content: files, strict YAML, the schema, site.yaml, the bibliography, documents."""
