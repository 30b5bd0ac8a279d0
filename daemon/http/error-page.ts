/** Medusa's error responses (compat §6.2): reason phrases and the exact HTML body. */

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  301: 'Moved Permanently',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  411: 'Length Required',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Unknown';
}

export function errorPageBody(status: number): string {
  return (
    '<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n' +
    `<p>Error code ${status}.\r\n<p>Message: ${reasonPhrase(status)}.\r\n</body>\r\n`
  );
}
