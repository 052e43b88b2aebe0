"""edXML (QCVN 102:2016), the national document-exchange envelope: build and parse."""
