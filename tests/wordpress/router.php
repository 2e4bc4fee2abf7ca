<?php
// Router for PHP's built-in server: real files are served as they are, everything
// else goes to index.php the way Apache's rewrite rules would send it, so pretty
// permalinks and /wp-json/ routes work.
$root = $_SERVER['DOCUMENT_ROOT'];
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
$file = $root . $path;

if ($path !== '/' && is_file($file)) {
    return false;
}
if (is_dir($file) && is_file(rtrim($file, '/') . '/index.php')) {
    if (substr($path, -1) !== '/') {
        // wp-admin without a slash: redirect like Apache's DirectorySlash does.
        header('Location: ' . $path . '/', true, 301);
        return true;
    }
    return false;
}

$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
chdir($root);
require $root . '/index.php';
