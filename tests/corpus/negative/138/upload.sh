curl -X PUT https://files.internal/upload \
  -u "$UPLOAD_USER:$UPLOAD_PASSWORD" \
  -T build.tar.gz
