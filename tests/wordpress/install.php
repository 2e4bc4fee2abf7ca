<?php
// Installs a fresh WordPress without a browser and prints, as one JSON line, the
// administrator's Application Password. Run by php-cli:
//   php install.php '{"wpdir": ..., "socket": ..., "db": ..., "url": ..., "user": ...,
//                     "password": ..., "email": ..., "permalinks": ...}'
$cfg = json_decode($argv[1], true, 16, JSON_THROW_ON_ERROR);

// The database must exist before wp-load.php connects to it.
$db = new mysqli('localhost', 'root', '', '', 0, $cfg['socket']);
$db->query('CREATE DATABASE IF NOT EXISTS `' . $db->real_escape_string($cfg['db'])
    . '` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
$db->close();

$parts = parse_url($cfg['url']);
$_SERVER['HTTP_HOST'] = $parts['host'] . (isset($parts['port']) ? ':' . $parts['port'] : '');
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['REQUEST_METHOD'] = 'GET';

define('WP_INSTALLING', true);
require $cfg['wpdir'] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

// wp_install() mails the password (no MTA here) and probes pretty permalinks with an
// HTTP request to the site; neither is wanted, so answer the probe in advance.
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {
}
$structure = $cfg['permalinks'];
$preset = function () use ($structure) { return $structure; };
add_filter('pre_option_permalink_structure', $preset);

$result = wp_install('Desk test site', $cfg['user'], $cfg['email'], true, '',
    wp_slash($cfg['password']), 'en_US');
remove_filter('pre_option_permalink_structure', $preset);

global $wp_rewrite;
$wp_rewrite->set_permalink_structure($structure);
$wp_rewrite->set_category_base('');
$wp_rewrite->set_tag_base('');
flush_rewrite_rules(false);
update_option('timezone_string', 'UTC');
update_option('gmt_offset', 0);

$created = WP_Application_Passwords::create_new_application_password(
    $result['user_id'], array('name' => 'desk-tests')
);
if (is_wp_error($created)) {
    fwrite(STDERR, $created->get_error_message() . "\n");
    exit(1);
}
list($app_password, $item) = $created;
echo json_encode(array(
    'user_id' => $result['user_id'],
    'app_password' => $app_password,
    'app_password_uuid' => $item['uuid'],
)), "\n";
