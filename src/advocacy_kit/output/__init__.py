"""Output: the one Jinja2 environment, documents as txt, md, html, pdf and docx,
handouts."""
