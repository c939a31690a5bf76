"""The printing layer: a service's plain figures turned into a report's data in the document's language
and written to a PDF or an .xlsx file (docs/architecture.md). The window and ``auyl report`` call the
same function for each document; services and reports never import this package."""
