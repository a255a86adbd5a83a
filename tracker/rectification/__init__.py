"""整改: how each shortcoming named in last year's report is rectified during the plan year — its
measures, state (未整改/整改中/已整改), date, cause and evidence — on a page, in the API and the CLI,
with every change in the audit trail. The report draft tells rectified ones as results and the rest
with what is being done."""
