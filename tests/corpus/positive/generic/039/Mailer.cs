client.Credentials = new NetworkCredential("mailer@corp.internal", "OQNHkbssvz9994!t7HE2");
