from chancery.eservices.models.applicants import Applicant, ApplicantToken, SigninThrottle
from chancery.eservices.models.catalogue import Procedure, ProcedureField, ProcedureVersion
from chancery.eservices.models.dossiers import (
    ApprovalStep,
    Dossier,
    DossierEvent,
    DossierFile,
    Extension,
    SupplementRequest,
)
from chancery.eservices.models.results import (
    IssuedCertificate,
    Notice,
    NumberSeries,
    Payment,
    SyncRecord,
)

__all__ = [
    "Applicant",
    "ApplicantToken",
    "ApprovalStep",
    "Dossier",
    "DossierEvent",
    "DossierFile",
    "Extension",
    "IssuedCertificate",
    "Notice",
    "NumberSeries",
    "Payment",
    "Procedure",
    "ProcedureField",
    "ProcedureVersion",
    "SigninThrottle",
    "SupplementRequest",
    "SyncRecord",
]
